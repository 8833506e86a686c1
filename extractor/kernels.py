"""The matrix kernels the model's layers run on.

spaCy builds its layers on thinc's ``NumpyOps``, whose matrix products go through ``blis`` by
default. Most of the model's time is those products (the two ``tok2vec`` encoders, the parser's and
the NER's precomputed hidden layers), and the matrices are small (a batch's tokens × 96 to 384
columns). Measured on this project's machine (AMD EPYC, AVX-512), the same pipeline with the
products on numpy's BLAS (OpenBLAS, which picks its kernels for the CPU it runs on) held to one
thread needed 0.71× the CPU time of ``blis`` over the Wikinews corpus, with the same entities and
parses on every article (``tests/test_kernels.py``; README Performance). With more than one BLAS
thread the products cost more CPU than ``blis``: numpy's BLAS is only used when it can be held to
one thread, which also suits a pool with one worker per core.

``WIRECLAIMS_KERNELS=blis`` keeps spaCy's default (to compare, or where ``blis`` is faster).
Holding the BLAS to one thread is process-wide: it also holds numpy's other products in the
process that loads the pipeline.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

#: The environment variable that chooses the kernels: ``numpy`` (the default) or ``blis``.
KERNELS_ENV = "WIRECLAIMS_KERNELS"
#: ``NONE``: a pipeline without trained layers (blank English) runs no matrix kernels.
NUMPY, BLIS, NONE = "numpy", "blis", "none"


def chosen() -> str:
    """The kernels asked for (``KERNELS_ENV``); anything but ``blis`` means numpy's BLAS."""
    return BLIS if os.environ.get(KERNELS_ENV, NUMPY).strip().lower() == BLIS else NUMPY


@contextmanager
def model_ops() -> Iterator[str]:
    """Build the model's layers inside this context: on numpy's BLAS, held to one thread, unless
    ``blis`` is asked for or numpy's BLAS cannot be held to one thread. Yields the kernels used."""
    if chosen() == BLIS or not one_blas_thread():
        yield BLIS
        return
    from thinc.api import use_ops

    with use_ops("numpy", use_blis=False):
        yield NUMPY


def one_blas_thread() -> bool:
    """Hold numpy's BLAS to one thread; whether it now runs on one (False: no BLAS found)."""
    from threadpoolctl import threadpool_info, threadpool_limits

    threadpool_limits(limits=1, user_api="blas")
    pools = [pool for pool in threadpool_info() if pool.get("user_api") == "blas"]
    return bool(pools) and all(pool.get("num_threads") == 1 for pool in pools)
