"""What is already at an export's file name decides, as a shell redirection would: a read-only
file, a named pipe or a device is refused with one sentence and left exactly as it was; a symbolic
link is followed, and the file it points to is replaced atomically while the link stays."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from catalog_app.cli.main import main
from catalog_app.costs.cost_notes import CostOptions
from catalog_app.io.catalog import Catalog, load_bundled_catalog
from catalog_app.model.catalog_frame import product_record
from catalog_app.shortlist.export import ShortlistExportError, export_shortlist
from catalog_app.shortlist.store import STORE_NAME, ShortlistStore
from catalog_app.storage.atomic_write import AtomicWriteError, write_text_atomically

OLD = "the export from last week\n"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_bundled_catalog()


@pytest.fixture
def store(user_home: Path, catalog: Catalog) -> ShortlistStore:
    opened = ShortlistStore(user_home / STORE_NAME)
    opened.create("Client A")
    opened.add("Client A", product_record(catalog.frame, 0), note="try in work boots first")
    yield opened
    opened.close()


def export(store: ShortlistStore, catalog: Catalog, path: Path) -> Path:
    return export_shortlist(store, "Client A", catalog, path, options=CostOptions())


def test_a_read_only_file_is_not_replaced(tmp_path: Path, store: ShortlistStore, catalog: Catalog) -> None:
    target = tmp_path / "picks.csv"
    target.write_text(OLD, encoding="utf-8")
    target.chmod(0o444)
    with pytest.raises(ShortlistExportError) as refused:
        export(store, catalog, target)
    assert str(refused.value) == "picks.csv is read-only, so it was not replaced; choose another file name."
    assert target.read_text(encoding="utf-8") == OLD
    assert stat.S_IMODE(target.stat().st_mode) == 0o444
    assert sorted(path.name for path in tmp_path.iterdir()) == ["picks.csv"]  # no temporary file left


def test_a_named_pipe_is_refused_without_blocking(tmp_path: Path, store: ShortlistStore, catalog: Catalog) -> None:
    pipe = tmp_path / "picks.json"
    os.mkfifo(pipe)
    with pytest.raises(ShortlistExportError, match=r"^picks\.json is a named pipe, not a file; choose another"):
        export(store, catalog, pipe)
    assert stat.S_ISFIFO(pipe.stat().st_mode)


def test_a_device_behind_a_link_is_refused(tmp_path: Path, store: ShortlistStore, catalog: Catalog) -> None:
    link = tmp_path / "picks.csv"
    link.symlink_to(os.devnull)
    with pytest.raises(ShortlistExportError, match=r"^null is a device, not a file; choose another file name\.$"):
        export(store, catalog, link)
    assert link.is_symlink() and stat.S_ISCHR(Path(os.devnull).stat().st_mode)


def test_a_device_node_is_refused(tmp_path: Path) -> None:
    node = tmp_path / "picks.csv"
    try:
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # the same device as /dev/null
    except OSError:
        pytest.skip("cannot make a device node here")
    with pytest.raises(AtomicWriteError, match="is a device, not a file"):
        write_text_atomically(node, "x")
    assert stat.S_ISCHR(node.lstat().st_mode)


def test_a_symbolic_link_is_followed_and_stays_a_link(tmp_path: Path, store: ShortlistStore, catalog: Catalog) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    real = shared / "client-a.csv"
    real.write_text(OLD, encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "picks.csv"
    link.symlink_to(real)
    export(store, catalog, link)
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert "try in work boots first" in real.read_text(encoding="utf-8")
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert sorted(path.name for path in shared.iterdir()) == ["client-a.csv"]


def test_the_command_line_refuses_a_read_only_file_in_one_sentence(
    tmp_path: Path, store: ShortlistStore, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "picks.csv"
    target.write_text(OLD, encoding="utf-8")
    target.chmod(0o444)
    assert main(["shortlist", "export", "Client A", "--to", str(target)]) == 2
    err = capsys.readouterr().err.strip()
    assert err == "insole-catalog: picks.csv is read-only, so it was not replaced; choose another file name."
    assert target.read_text(encoding="utf-8") == OLD
