"""What the finder derives from a catalog (its index, the sort ranks) is built once, also when the
loader's thread and its warm-up ask for it at the same moment."""

from __future__ import annotations

import threading

import pandas as pd

from catalog_app.io.catalog import load_bundled_catalog


class Derived:
    builds = 0

    def __init__(self, frame: pd.DataFrame) -> None:
        Derived.builds += 1
        self.rows = len(frame)


def test_two_threads_asking_at_once_share_one_build() -> None:
    """The warm-up built its search texts on an index the loader's thread then replaced with its
    own: the search texts were built for nothing, and the window's first search built them again."""
    catalog = load_bundled_catalog()
    inside, release = threading.Event(), threading.Event()
    Derived.builds = 0

    def slow_build(frame: pd.DataFrame) -> Derived:
        inside.set()
        release.wait(10)
        return Derived(frame)

    got: list[Derived] = []
    first = threading.Thread(target=lambda: got.append(catalog.derived(Derived, slow_build)))
    first.start()
    assert inside.wait(10)
    second = threading.Thread(target=lambda: got.append(catalog.derived(Derived, Derived)))
    second.start()
    release.set()
    first.join(10)
    second.join(10)
    assert len(got) == 2 and got[0] is got[1]
    assert Derived.builds == 1
    assert catalog.derived(Derived, Derived) is got[0]


def test_a_kind_may_derive_another_while_it_is_built() -> None:
    catalog = load_bundled_catalog()

    def build_outer(frame: pd.DataFrame) -> tuple[Derived, int]:
        return catalog.derived(Derived, Derived), len(frame)

    outer = catalog.derived(tuple, build_outer)  # type: ignore[arg-type]
    assert outer[0] is catalog.derived(Derived, Derived)
