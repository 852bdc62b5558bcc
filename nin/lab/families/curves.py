"""The curves the drawing families build garments from (garment units: x to the right, y downwards).

Points are numpy arrays of shape [n, 2]. Angles are in degrees, and as y points down, 90 is straight
down and an arc from 180 to 360 runs over the top.
"""

from __future__ import annotations

import math

import numpy as np


def points(pts) -> np.ndarray:
    """Anything point-like (a point, a list of points, an array) as a float array [n, 2]."""
    return np.asarray(pts, dtype=float).reshape(-1, 2)


def chain(*pieces) -> np.ndarray:
    """Points and point arrays joined into one polyline, without repeated points where they meet."""
    pts = np.concatenate([points(p) for p in pieces])
    keep = np.ones(len(pts), dtype=bool)
    keep[1:] = np.linalg.norm(np.diff(pts, axis=0), axis=1) > 1e-9
    return pts[keep]


def mirror(pts) -> np.ndarray:
    """The points reflected about x = 0, the garment's centre line."""
    return points(pts) * [-1.0, 1.0]


def symmetric(half) -> np.ndarray:
    """A closed outline from its right half, listed from the top of the centre line to its bottom; the left half
    comes back up without those two centre points again."""
    half = points(half)
    return np.concatenate([half, mirror(half[::-1])[1:-1]])


def unit(vector) -> np.ndarray:
    """The vector scaled to length 1 (a zero vector stays zero)."""
    vector = np.asarray(vector, dtype=float)
    return vector / max(float(np.hypot(*vector)), 1e-9)


def both_sides(pts) -> list[np.ndarray]:
    """A detail on one side of the centre line and its mirror image on the other."""
    return [points(pts), mirror(pts)]


def rect(x0: float, y0: float, x1: float, y1: float) -> np.ndarray:
    """The four corners of an axis-aligned box, from (x0, y0) round to (x0, y1)."""
    return points([(x0, y0), (x1, y0), (x1, y1), (x0, y1)])


def closed(pts) -> np.ndarray:
    """A closed outline as one polyline: its first point again at the end."""
    pts = points(pts)
    return np.concatenate([pts, pts[:1]])


def arclength(pts) -> np.ndarray:
    """The distance along the polyline from its first point to each of its points."""
    return np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(points(pts), axis=0).T))])


def arc(cx: float, cy: float, rx: float, ry: float, start: float, end: float, n: int) -> np.ndarray:
    """``n`` points of an ellipse arc from angle ``start`` to ``end``."""
    angles = np.radians(np.linspace(start, end, n))
    return np.stack([cx + rx * np.cos(angles), cy + ry * np.sin(angles)], axis=1)


def bezier(*control, n: int) -> np.ndarray:
    """``n`` points of the Bezier curve from the first to the last control point, pulled by those between."""
    control = points(control)
    degree = len(control) - 1
    t = np.linspace(0.0, 1.0, n)[:, None]
    return sum(math.comb(degree, i) * t ** i * (1 - t) ** (degree - i) * control[i] for i in range(degree + 1))


def catmull_rom(pts, n: int | None = 8, closed: bool = False, ends: str = "repeat",
                density: float | None = None) -> np.ndarray:
    """A smooth curve through ``pts`` (a uniform Catmull-Rom spline): ``n`` samples per span, or (with
    ``density``) a number per span that grows with its length. An open curve ends on its last point; at its
    ends the tangent follows the end span (``ends="repeat"``) or the span mirrored (``ends="reflect"``)."""
    p = points(pts)
    if closed:
        p = np.concatenate([p[-1:], p, p[:2]])
    elif ends == "reflect":
        p = np.concatenate([2 * p[:1] - p[1:2], p, 2 * p[-1:] - p[-2:-1]])
    else:
        p = np.concatenate([p[:1], p, p[-1:]])
    spans = []
    for before, start, end, after in zip(p[:-3], p[1:-2], p[2:-1], p[3:]):
        samples = n if density is None else max(2, int(math.hypot(*(end - start)) * density))
        t = np.linspace(0.0, 1.0, samples, endpoint=False)[:, None]
        spans.append(0.5 * (2 * start + (end - before) * t + (2 * before - 5 * start + 4 * end - after) * t ** 2
                            + (3 * start - before - 3 * end + after) * t ** 3))
    return np.concatenate(spans if closed else spans + [p[-2:-1]])


def resample(pts, step: float, closed: bool = False) -> np.ndarray:
    """The polyline's points evenly spaced about ``step`` apart along it (a closed one without its last point)."""
    pts = points(pts)
    if closed:
        pts = np.concatenate([pts, pts[:1]])
    along = np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(pts, axis=0), axis=1))])
    at = np.linspace(0.0, along[-1], max(2, int(math.ceil(along[-1] / step)) + 1))
    out = np.stack([np.interp(at, along, pts[:, 0]), np.interp(at, along, pts[:, 1])], axis=1)
    return out[:-1] if closed else out


def normals(pts, closed: bool = False) -> np.ndarray:
    """Unit vectors across the polyline at each of its points (to the left of travel, y down)."""
    pts = points(pts)
    tangent = np.roll(pts, -1, axis=0) - np.roll(pts, 1, axis=0) if closed else np.gradient(pts, axis=0)
    tangent = tangent / (np.linalg.norm(tangent, axis=1, keepdims=True) + 1e-9)
    return np.stack([-tangent[:, 1], tangent[:, 0]], axis=1)


def wobble(pts, offsets, closed: bool = False) -> np.ndarray:
    """The polyline pushed sideways by ``offsets`` (one per point), as an unsteady hand does."""
    pts = points(pts)
    return pts + normals(pts, closed) * np.asarray(offsets, dtype=float)[:, None]
