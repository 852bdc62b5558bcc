"""The drawing families: synthetic garment drawings, each family an independent idea of how people draw.

Every family module has one entry point, ``draw(label, rng, size=SIZE)``: an RGB drawing of one garment
of class ``label`` on the app's canvas, keeping the rules of :mod:`.canvas`, everything random taken from
``rng``. The registry below is the one list of families: training (``Recipe.drawing_families`` names),
``benchmarks.drawings``, the tests and the docs read it. Held-out families are for evaluation only: never
trained on, never used to choose anything; :meth:`Family.training_drawings` refuses them.

    python -m nin.lab.families list
    python -m nin.lab.families sheet D --out doodles.png [--per-class 8] [--seed 0] [--garments]
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

import numpy as np
from PIL import Image

from ...preprocess import CLASSES
from .canvas import SIZE

RETRIES = 10  # a training drawing the app refuses is drawn again from the next generator, this often


@dataclass(frozen=True)
class Family:
    letter: str
    name: str               # what training recipes call it
    module: str             # where its draw(label, rng, size) lives
    trained: bool           # False: held out, evaluation only
    about: str
    set_stream: int | None  # the random stream of drawing_set; None: A and B predate streams
    training_stream: int | None = None  # the random stream of training_drawings

    @property
    def title(self) -> str:
        """How tables name it, e.g. 'D (doodles)' or 'B (held out: heldout_drawings)'."""
        return f"{self.letter} ({self.name})" if self.trained else f"{self.letter} (held out: {self.name})"

    def draw(self, label, rng: np.random.Generator, size: int = SIZE) -> Image.Image:
        return importlib.import_module(self.module).draw(label, rng, size=size)

    def drawing_set(self, n_per_class: int = 20, seed: int = 0) -> list[tuple[Image.Image, int]]:
        """``n_per_class`` drawings of each class in label order; drawing i of class c depends only on
        (seed, the family's set stream, c, i), so a smaller set is the start of a larger one."""
        stream = [] if self.set_stream is None else [self.set_stream]
        return [(self.draw(c, np.random.default_rng([seed, *stream, c, i])), c)
                for c in range(len(CLASSES)) for i in range(n_per_class)]

    def training_drawings(self, n: int, seed: int):
        """``n`` drawings, classes in turn (label i % 10), as the app sees them: 28x28 garments made by
        :func:`nin.images.from_sketch` (float32 [n, 1, 28, 28] in [0, 1]) and their labels (int64 [n]).
        Drawing i comes from ``default_rng([seed, training_stream, i])``; one the app refuses is drawn
        again from ``[seed, training_stream, i, attempt]``. The family module's ``draw_for_training``
        is used where it has one (family A's varied drawings)."""
        import torch
        from tqdm import tqdm

        from ...images import ImageInputError, from_sketch

        if not self.trained:
            raise ValueError(f"family {self.letter} ({self.name}) is held out: evaluation only, never trained on")
        module = importlib.import_module(self.module)
        draw = getattr(module, "draw_for_training", module.draw)
        images = torch.empty(n, 1, 28, 28, dtype=torch.float32)
        labels = torch.arange(n, dtype=torch.int64) % len(CLASSES)
        for i in tqdm(range(n), desc=f"{self.name} drawings", unit="drawing", disable=None):
            for attempt in range(RETRIES):
                rng = np.random.default_rng([seed, self.training_stream, i] + ([attempt] if attempt else []))
                try:
                    images[i, 0] = from_sketch(np.asarray(draw(i % len(CLASSES), rng))).pixels
                    break
                except ImageInputError:
                    continue
            else:
                raise RuntimeError(f"{self.name} drawing {i} of seed {seed}: {RETRIES} drawings in a row were refused")
        return images.clamp_(0.0, 1.0), labels


FAMILIES = (
    Family("A", "drawings", "nin.lab.families.drawings", True,
           "the project's own generator: closed outlines with inner details, 6-16 px brushes; "
           "its varied mode (wider brushes, filled, scribbled, open) is what training sees", None, 7919),
    Family("B", "heldout_drawings", "benchmarks.heldout_drawings", False,
           "written apart from A: outline, solid or scribbled pens in grey or blue ink", None),
    Family("C", "freehand", "nin.lab.families.freehand", True,
           "garments from parts, inked with a simulated pen (pressure, tremor, gaps, double lines, fills)",
           977, 4241),
    Family("D", "doodles", "nin.lab.families.doodles", True,
           "quick mouse doodles: a handful of straight-ish strokes, several schemas per class", 7351, 5813),
    Family("E", "outlines", "nin.lab.families.outlines", True,
           "careful outlines, as on a tablet or in a colouring book", 9241, 6173),
    Family("F", "pictograms", "nin.lab.families.pictograms", True,
           "icons and shape-tool drawings", 60619, 60617),
    Family("G", "sketches", "nin.lab.families.sketches", True,
           "rough, re-stroked pencil sketches", 7151, 8467),
    Family("H", "flats", "nin.lab.families.flats", True,
           "fashion flats: technical line drawings from splines", 71013, 71011),
    Family("I", "heldout_people", "benchmarks.heldout_people", False,
           "a classroom of personas: child, phone finger, stylus, one loop, parts, colouring in", 88001),
)


def get(key: str) -> Family:
    """A family by its letter ('D') or its name ('doodles')."""
    for family in FAMILIES:
        if key in (family.letter, family.name):
            return family
    raise KeyError(f"no drawing family {key!r}; the families are "
                   + ", ".join(f"{f.letter} {f.name}" for f in FAMILIES))


def trained() -> tuple[Family, ...]:
    return tuple(f for f in FAMILIES if f.trained)


def held_out() -> tuple[Family, ...]:
    return tuple(f for f in FAMILIES if not f.trained)
