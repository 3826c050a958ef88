"""k-d trees of Earth-centred points: k-nearest queries on pykdtree, ball queries on scipy.

Both libraries are imported when a tree is built, so importing this module is
cheap. pykdtree parallelises each query with OpenMP; inside borderkit's own
worker threads (named with :data:`POOL_PREFIX`, which already split the work
over the cores) each query runs on one OpenMP thread, set per thread with
``threadpoolctl``: two levels of threads on two cores made the searches a
third slower.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from scipy.spatial import cKDTree

#: Name prefix of the threads of borderkit's chunk pool (see ``spatial_index.run_chunked``).
POOL_PREFIX = "borderkit-index"

_THREAD = threading.local()


class KnnTree:
    """A k-d tree of ECEF points: k-nearest queries on pykdtree (faster), ball queries on scipy's.

    Both give the same neighbours (exact searches, ties aside); pykdtree is
    about 1.5x faster on these queries, scipy's cKDTree (built on first use)
    serves the rare ball queries. Without pykdtree, scipy serves both.
    """

    def __init__(self, xyz: np.ndarray) -> None:
        self.xyz = np.ascontiguousarray(xyz, dtype="float64")
        self._ball: cKDTree | None = None
        try:
            from pykdtree.kdtree import KDTree  # imported here: module import stays cheap
        except ImportError:  # pragma: no cover - pykdtree is a dependency; scipy still answers
            self._knn = None
        else:
            self._knn = KDTree(self.xyz, leafsize=16)

    def query(self, pe: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Return the chords to the ``k`` nearest points and their indices, shapes (n, k)."""
        if self._knn is None:
            d, i = self.ball_tree().query(pe, k=k)
        else:
            _one_openmp_thread_in_pool()
            d, i = self._knn.query(np.ascontiguousarray(pe, dtype="float64"), k=k)
        return d.reshape(len(pe), -1), i.reshape(len(pe), -1).astype(np.intp, copy=False)

    def ball_tree(self) -> cKDTree:
        """Return scipy's k-d tree of the points (sliding-midpoint splits), built on first use."""
        if self._ball is None:
            from scipy.spatial import cKDTree  # imported here: module import stays cheap

            self._ball = cKDTree(self.xyz, balanced_tree=False, compact_nodes=False)
        return self._ball

    def query_ball_point(self, p: np.ndarray, r: float) -> list[int]:
        """Return the indices of the points within ``r`` of ``p``."""
        return self.ball_tree().query_ball_point(p, r)


def _one_openmp_thread_in_pool() -> None:
    """In borderkit's pool threads, let OpenMP (pykdtree's) use one thread; other threads keep theirs.

    OpenMP's thread count is a per-thread setting, so limiting it in a pool
    thread leaves the caller's threads as they were.
    """
    if getattr(_THREAD, "omp_set", False):
        return
    _THREAD.omp_set = True
    if not threading.current_thread().name.startswith(POOL_PREFIX):
        return
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="openmp")
