"""A deal file at a git revision: the bytes as committed, and plain errors when there are none."""

from __future__ import annotations

from pathlib import Path

import pytest

from dealdocs.problems import UsageError
from dealdocs.redline.git import file_at

from redlining import git


@pytest.fixture
def repository(tmp_path) -> Path:
    """A repository with filings/x.yaml committed twice ("one", then "two"), and "three" in the
    working copy."""
    git(tmp_path, "init", "-q")
    deal = tmp_path / "filings" / "x.yaml"
    deal.parent.mkdir()
    for content in ("one\n", "two\n"):
        deal.write_text(content)
        git(tmp_path, "add", "filings/x.yaml")
        git(tmp_path, "commit", "-q", "-m", content.strip())
    deal.write_text("three\n")
    return tmp_path


def test_the_file_as_committed_at_a_revision(repository):
    deal = repository / "filings" / "x.yaml"
    assert file_at(deal, "HEAD") == (f"HEAD:{deal}", b"two\n")
    assert file_at(deal, "HEAD~1")[1] == b"one\n"
    assert file_at(deal, git(repository, "rev-parse", "HEAD~1").strip())[1] == b"one\n"


def test_the_name_keeps_the_path_as_given_so_locations_point_at_it(repository, monkeypatch):
    monkeypatch.chdir(repository)
    assert file_at(Path("filings/x.yaml"), "HEAD~1") == ("HEAD~1:filings/x.yaml", b"one\n")


def test_the_file_is_read_in_its_own_repository_wherever_the_command_runs(repository, tmp_path,
                                                                           monkeypatch):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert file_at(repository / "filings" / "x.yaml", "HEAD")[1] == b"two\n"


@pytest.mark.parametrize("revision", ["HEAD~5", "no-such-branch", "HEAD~1..HEAD", "--output=x"])
def test_a_bad_revision_is_a_usage_error(repository, revision):
    with pytest.raises(UsageError, match="is not a revision of the git repository"):
        file_at(repository / "filings" / "x.yaml", revision)
    assert not (repository / "x").exists()


def test_a_file_not_committed_at_the_revision_is_a_usage_error(repository):
    new = repository / "filings" / "new.yaml"
    new.write_text("new\n")
    with pytest.raises(UsageError, match=r"not in git at revision HEAD \(was it committed"):
        file_at(new, "HEAD")


def test_a_file_outside_any_repository_is_a_usage_error(tmp_path, monkeypatch):
    deal = tmp_path / "x.yaml"
    deal.write_text("x\n")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    with pytest.raises(UsageError, match="not in a git repository"):
        file_at(deal, "HEAD")


def test_a_missing_file_is_a_usage_error(repository):
    with pytest.raises(UsageError, match="no such deal file"):
        file_at(repository / "filings" / "gone.yaml", "HEAD")


def test_without_git_it_says_so(repository, monkeypatch):
    monkeypatch.setenv("PATH", "")
    with pytest.raises(UsageError, match="git, which is not installed"):
        file_at(repository / "filings" / "x.yaml", "HEAD")
