"""The drawing families' command line (`python -m nin.lab.families`): list them, write a contact sheet of one,
write the app's examples.

    python -m nin.lab.families list
    python -m nin.lab.families sheet D --out doodles.png [--per-class 8] [--seed 0] [--thumb 112] [--garments]
    python -m nin.lab.families examples [--out examples]
"""

from __future__ import annotations

import argparse

import numpy as np
from PIL import Image, ImageDraw

from ...preprocess import CLASSES
from . import FAMILIES, get


def contact_sheet(drawings: list[tuple[Image.Image, int]], thumb: int = 112) -> Image.Image:
    """A grid of (image, label) pairs for eyeballing: one row per class, its name at the left."""
    rows: dict[int, list[Image.Image]] = {}
    for image, label in drawings:
        rows.setdefault(int(label), []).append(image)
    columns = max((len(v) for v in rows.values()), default=1)
    name_width = 96
    sheet = Image.new("RGB", (name_width + columns * (thumb + 2), max(1, len(rows)) * (thumb + 2)), (200, 200, 200))
    pen = ImageDraw.Draw(sheet)
    for row, label in enumerate(sorted(rows)):
        y = row * (thumb + 2)
        pen.text((4, y + thumb // 2 - 6), f"{label} {CLASSES[label]}", fill=(0, 0, 0))
        for column, image in enumerate(rows[label]):
            image = image.convert("RGB")
            image = image.resize((thumb, thumb), Image.NEAREST if image.width < thumb else Image.BOX)
            sheet.paste(image, (name_width + column * (thumb + 2), y))
    return sheet


def as_garments(drawings: list[tuple[Image.Image, int]]) -> list[tuple[Image.Image, int]]:
    """The drawings as the app's model sees them: 28x28 garments made by :func:`nin.images.from_sketch`."""
    from ...images import from_sketch

    return [(Image.fromarray((from_sketch(np.asarray(image)).pixels.numpy() * 255).round().astype(np.uint8)), label)
            for image, label in drawings]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m nin.lab.families", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("list", help="the families: letter, name, module, trained or held out")
    sheet = commands.add_parser("sheet", help="write a contact sheet of one family")
    sheet.add_argument("family", help="its letter or name, e.g. D or doodles")
    sheet.add_argument("--out", help="the PNG to write (default: <name>_sheet.png)")
    sheet.add_argument("--per-class", type=int, default=8)
    sheet.add_argument("--seed", type=int, default=0)
    sheet.add_argument("--thumb", type=int, default=112, help="thumbnail size in pixels")
    sheet.add_argument("--garments", action="store_true",
                       help="show the app's 28x28 garments (from_sketch) instead of the drawings")
    examples = commands.add_parser("examples", help="write the app's example drawings (family A)")
    examples.add_argument("--out", default="examples", help="the folder to write them to")
    args = parser.parse_args(argv)

    if args.command == "list":
        for family in FAMILIES:
            print(f"{family.letter}  {family.name:<17} {family.module:<31} "
                  f"{'trained' if family.trained else 'held out'}  {family.about}")
    elif args.command == "sheet":
        try:
            family = get(args.family)
        except KeyError as error:
            parser.error(str(error))
        drawings = family.drawing_set(args.per_class, args.seed)
        if args.garments:
            drawings = as_garments(drawings)
        out = args.out or f"{family.name}_sheet.png"
        contact_sheet(drawings, args.thumb).save(out)
        print(f"wrote {out}: family {family.title}, {args.per_class} per class, seed {args.seed}")
    else:
        from .drawings import write_examples

        for path in write_examples(args.out):
            print(f"wrote {path}")
    return 0
