"""A photo of one garment -> the garment cut out of its background -> a 28x28 garment in
Fashion-MNIST's style.

Fashion-MNIST's garments are product photos on white, trimmed, resized, negated: a bright
garment on pure black. A phone photo has a bed, a floor or tiles around the garment, so the
background is cut away first with OpenCV's GrabCut (colour models of garment and background,
refined by a graph cut), seeded with the photo's border as background and the rest as
probably garment. The largest piece that is left, holes filled, is the garment; its negated
brightness on black, cropped and scaled as the dataset did, is what the model sees.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

WORK_SIDE = 128          # GrabCut runs on the photo shrunk to this longest side (enough for 28x28)
BORDER = 0.03            # the outer ring (of the shorter side) taken as sure background
ITERATIONS = 4           # GrabCut rounds: its mask stops changing after three or four
MIN_AREA = 0.02          # a cut-out smaller than this share of the photo is a failed cut
GARMENT_FLOOR = 0.12     # a white garment negated is near black: this keeps its silhouette visible
CUTOUT_BACKGROUND = (40, 40, 40)  # how the removed background is shown on the page


@dataclass
class CutOut:
    mask: np.ndarray      # bool [h, w] at the working size: True on the garment
    photo: np.ndarray     # uint8 [h, w, 3]: the photo at the working size
    found: bool           # False when the cut failed and the whole photo is used

    def preview(self) -> np.ndarray:
        """The photo with its removed background darkened: what the page shows as the cut-out."""
        shown = self.photo.copy()
        shown[~self.mask] = (0.25 * shown[~self.mask] + 0.75 * np.array(CUTOUT_BACKGROUND)).astype(np.uint8)
        return shown


def shrink(image: Image.Image, side: int = WORK_SIDE) -> np.ndarray:
    """An RGB image with its longest side at most ``side`` (antialiased), as uint8 [h, w, 3]."""
    small = image.convert("RGB")
    if max(small.size) > side:
        scale = side / max(small.size)
        small = small.resize((max(1, round(small.width * scale)), max(1, round(small.height * scale))),
                             Image.BILINEAR, reducing_gap=2.0)
    return np.asarray(small)


def cut_out(photo: np.ndarray, seed: int = 0) -> CutOut:
    """GrabCut seeded with the border as sure background and the rest as probably garment: the
    background's colours are learnt from the border alone, so a garment of any colour stands out."""
    h, w = photo.shape[:2]
    seeds = np.full((h, w), cv2.GC_PR_FGD, np.uint8)
    ring = max(1, round(BORDER * min(h, w)))
    seeds[:ring], seeds[-ring:], seeds[:, :ring], seeds[:, -ring:] = (cv2.GC_BGD,) * 4
    cv2.setRNGSeed(seed)  # GrabCut's colour models start from k-means: the same cut each time
    background, foreground = np.zeros((1, 65)), np.zeros((1, 65))
    try:
        cv2.grabCut(np.ascontiguousarray(photo[..., ::-1]), seeds, None, background, foreground, ITERATIONS,
                    cv2.GC_INIT_WITH_MASK)
    except cv2.error:  # e.g. a photo of one flat colour: no second colour model to fit
        return CutOut(np.ones((h, w), bool), photo, found=False)
    mask = largest_piece((seeds == cv2.GC_FGD) | (seeds == cv2.GC_PR_FGD), open_first=True)
    if mask.mean() < MIN_AREA:
        return CutOut(np.ones((h, w), bool), photo, found=False)
    return CutOut(mask, photo, found=True)


def cut_plain(photo: np.ndarray, threshold: float) -> CutOut:
    """On a plain light background (a product shot, a scan) the garment is what differs from it by
    more than ``threshold``, in brightness or in colour (a pale yellow shirt is nearly as bright as
    white paper): exact where GrabCut would round corners."""
    gray = cv2.cvtColor(photo, cv2.COLOR_RGB2GRAY).astype(np.float32) / 255.0
    ring = np.ones(gray.shape, bool)
    ring[1:-1, 1:-1] = False
    level = float(np.median(gray[ring]))
    page = np.median(photo[ring], axis=0).astype(np.float32)
    colour = np.abs(photo.astype(np.float32) - page).max(axis=2) / 255.0
    mask = largest_piece((np.abs(gray - level) > threshold * max(level, 1e-3)) | (colour > threshold))
    if not mask.any():
        return CutOut(np.ones(gray.shape, bool), photo, found=False)
    return CutOut(mask, photo, found=True)


def largest_piece(mask: np.ndarray, open_first: bool = False) -> np.ndarray:
    """The largest connected piece of ``mask`` with its holes filled (a print on a T-shirt is garment);
    ``open_first``: specks and one-pixel threads are removed first (GrabCut leaves some)."""
    mask = mask.astype(np.uint8)
    if open_first:
        mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    if count <= 1:
        return np.zeros(mask.shape, bool)
    largest = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    piece = (labels == largest).astype(np.uint8)
    # Holes: what the background reached from the outside does not include them.
    outside = np.zeros((piece.shape[0] + 2, piece.shape[1] + 2), np.uint8)
    outside[1:-1, 1:-1] = piece
    cv2.floodFill(outside, None, (0, 0), 2)
    return outside[1:-1, 1:-1] != 2


def garment_values(cut: CutOut) -> np.ndarray:
    """Float [h, w] in [0, 1]: the garment's negated brightness (dark cloth bright, as in the dataset),
    at least GARMENT_FLOOR on the garment, 0 elsewhere."""
    gray = cv2.cvtColor(cut.photo, cv2.COLOR_RGB2GRAY).astype(np.float32) / 255.0
    values = np.maximum(1.0 - gray, GARMENT_FLOOR)
    values[~cut.mask] = 0.0
    return values


def garment_box(mask: np.ndarray) -> tuple[int, int, int, int]:
    """(top, bottom, left, right) of the mask's True pixels."""
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    return rows[0], rows[-1] + 1, cols[0], cols[-1] + 1
