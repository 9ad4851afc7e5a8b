"""The recogniser: RapidOCR with the PP-OCR models its wheel ships, one per process, on one thread.

One intra-op thread per process lets a pool of processes use every core without oversubscribing
them. The angle classifier is off: page rotation is corrected for the whole page before
recognition, and a classifier flipping single lines would hide an upside-down page.
"""

import functools
import os

THREADS_ENV = "BUDGETPDF_OCR_THREADS"


@functools.cache
def engine():
    from rapidocr_onnxruntime import RapidOCR

    threads = int(os.environ.get(THREADS_ENV, "1"))
    return RapidOCR(
        intra_op_num_threads=threads,
        inter_op_num_threads=1,
        use_cls=False,
        max_side_len=4000,
        det_limit_type="max",
        det_limit_side_len=1600,
        print_verbose=False,
    )


def recognise(image):
    """[[points, text, score], ...] for a greyscale or BGR image; [] when nothing is found."""
    import numpy as np

    if image.ndim == 2:
        image = np.dstack([image, image, image])
    result, _ = engine()(image, use_cls=False, return_word_box=True)
    return result or []


def detect(image) -> list:
    """Text-line boxes (four points each) without recognising them."""
    boxes, _ = engine().text_det(image)
    return [] if boxes is None else list(boxes)
