"""The drawing families (nin.lab.families): what every family promises, checked once for all of them.

Each family's own test file checks what is particular to it (its pens, fills, shoes, training variety).
"""

import dataclasses

import numpy as np
import pytest
import torch
from PIL import Image, ImageDraw

from nin.images import from_sketch
from nin.lab import families
from nin.lab.families import FAMILIES, canvas, curves
from nin.lab.families.sheet import contact_sheet, main
from nin.preprocess import CLASSES

LETTERS = [family.letter for family in FAMILIES]


def test_the_registry_names_each_family_once_and_holds_b_and_i_out():
    assert LETTERS == list("ABCDEFGHI")
    assert len({f.name for f in FAMILIES}) == len({f.module for f in FAMILIES}) == len(FAMILIES)
    assert [f.letter for f in families.held_out()] == ["B", "I"]
    assert families.get("D") is families.get("doodles")
    with pytest.raises(KeyError):
        families.get("Z")
    streams = [s for f in FAMILIES for s in (f.set_stream, f.training_stream) if s is not None]
    assert len(streams) == len(set(streams)), "every random stream is the family's own"


def test_training_reads_the_registry_and_never_a_held_out_family():
    from nin.lab.train import PRESETS

    used = {name for recipe in PRESETS.values() for name in recipe.drawing_families}
    assert used <= {f.name for f in families.trained()}
    for family in families.held_out():
        with pytest.raises(ValueError, match="held out"):
            family.training_drawings(2, 0)


@pytest.mark.parametrize("letter", LETTERS)
def test_every_class_keeps_the_canvas_rules(letter):
    family = families.get(letter)
    for label in range(len(CLASSES)):
        for seed in range(3):
            image = family.draw(label, np.random.default_rng([seed, label]))
            assert canvas.problems(image) == [], (letter, label, seed)
            if letter not in "BI":  # grey ink; the held-out families also draw in blue
                rgb = np.asarray(image)
                assert (rgb[..., 0] == rgb[..., 1]).all() and (rgb[..., 1] == rgb[..., 2]).all()


@pytest.mark.parametrize("letter", LETTERS)
@pytest.mark.parametrize("size", [224, 600])
def test_other_canvas_sizes_keep_the_rules(letter, size):
    family = families.get(letter)
    for label in range(len(CLASSES)):
        image = family.draw(label, np.random.default_rng([size, label]), size=size)
        assert canvas.problems(image, size) == [], (letter, label, size)


@pytest.mark.parametrize("letter", LETTERS)
def test_a_generator_state_gives_one_drawing(letter):
    family = families.get(letter)
    for label in (0, 5, 8):
        a = np.asarray(family.draw(label, np.random.default_rng(11)))
        assert np.array_equal(a, np.asarray(family.draw(label, np.random.default_rng(11))))
        assert not np.array_equal(a, np.asarray(family.draw(label, np.random.default_rng(12))))
    rng = np.random.default_rng(3)  # the same generator, advanced: another drawing
    assert not np.array_equal(np.asarray(family.draw(4, rng)), np.asarray(family.draw(4, rng)))


@pytest.mark.parametrize("letter", LETTERS)
def test_labels_are_class_indices(letter):
    family = families.get(letter)
    for bad in (-1, 10, 2.0, "3", None, True, np.bool_(True), np.float32(1)):
        with pytest.raises(ValueError):
            family.draw(bad, np.random.default_rng(0))
    for label in (np.int64(4), np.uint8(9)):
        same = family.draw(int(label), np.random.default_rng(0))
        assert np.array_equal(np.asarray(family.draw(label, np.random.default_rng(0))), np.asarray(same))


@pytest.mark.parametrize("letter", LETTERS)
def test_drawing_set_is_in_label_order_seeded_and_a_prefix_of_a_larger_one(letter):
    family = families.get(letter)
    small, large = family.drawing_set(1, seed=3), family.drawing_set(2, seed=3)
    assert [c for _, c in small] == list(range(10)) and [c for _, c in large] == [c for c in range(10) for _ in (0, 1)]
    stream = [] if family.set_stream is None else [family.set_stream]
    image = family.draw(4, np.random.default_rng([3, *stream, 4, 1]))
    assert np.array_equal(np.asarray(large[9][0]), np.asarray(image))
    assert all(np.array_equal(np.asarray(small[c][0]), np.asarray(large[2 * c][0])) for c in range(10))
    other = family.drawing_set(1, seed=4)
    assert not np.array_equal(np.asarray(small[0][0]), np.asarray(other[0][0]))


@pytest.mark.parametrize("letter", [f.letter for f in families.trained()])
def test_training_drawings_are_the_apps_garments(letter):
    family = families.get(letter)
    x, y = family.training_drawings(12, 0)
    assert x.shape == (12, 1, 28, 28) and x.dtype == torch.float32
    assert y.dtype == torch.int64 and y.tolist() == [i % 10 for i in range(12)]
    assert 0.0 <= x.min() and x.max() <= 1.0
    assert (x.flatten(1).amax(1) > 0.5).all(), "every garment has bright strokes"
    again, _ = family.training_drawings(12, 0)
    assert torch.equal(x, again)
    other, _ = family.training_drawings(12, 1)
    assert not torch.equal(x, other)
    draw = getattr(__import__(family.module, fromlist=["draw"]), "draw_for_training", family.draw)
    image = draw(11 % 10, np.random.default_rng([0, family.training_stream, 11]))
    assert torch.equal(x[11, 0], from_sketch(np.asarray(image)).pixels)


def test_a_refused_training_drawing_is_drawn_again(monkeypatch):
    """A drawing the app refuses (blank or too small) is replaced by the next generator's, deterministically."""
    from nin.lab.families import drawings

    real, calls = drawings.draw_for_training, []

    def first_one_blank(label, rng):
        calls.append(label)
        image = real(label, rng)
        return Image.new("RGB", image.size, "white") if len(calls) == 1 else image

    monkeypatch.setattr(drawings, "draw_for_training", first_one_blank)
    garments, labels = families.get("A").training_drawings(2, seed=5)
    assert calls == [0, 0, 1] and labels.tolist() == [0, 1]
    redrawn = real(0, np.random.default_rng([5, families.get("A").training_stream, 0, 1]))
    assert torch.equal(garments[0, 0], from_sketch(np.asarray(redrawn)).pixels)


def test_the_canvas_rules_catch_what_they_promise():
    good = families.get("D").draw(3, np.random.default_rng(0))
    assert canvas.problems(good) == []
    blank = Image.new("RGB", (448, 448), "white")
    assert canvas.problems(blank) == ["no ink"]
    inked_edge = good.copy()
    inked_edge.putpixel((0, 200), (0, 0, 0))
    assert any("outer" in p for p in canvas.problems(inked_edge))
    flooded = Image.new("RGB", (448, 448), (90, 90, 90))
    flooded.paste((255, 255, 255), (0, 0, 448, 2))
    assert any("paper" in p for p in canvas.problems(flooded))
    assert canvas.problems(good.convert("L")) and canvas.problems(good, size=224)


def test_curves():
    through = [(0.0, 0.0), (1.0, 2.0), (3.0, 1.0), (4.0, 4.0)]
    for ends in ("repeat", "reflect"):
        curve = curves.catmull_rom(through, n=8, ends=ends)
        assert len(curve) == 3 * 8 + 1 and np.allclose(curve[-1], through[-1])
        assert all(np.min(np.linalg.norm(curve - p, axis=1)) < 1e-9 for p in np.asarray(through))
    loop = curves.catmull_rom(through, n=5, closed=True)
    assert len(loop) == 4 * 5
    half_circle = curves.arc(0, 0, 2, 1, 0, 180, n=7)
    assert np.allclose(half_circle[[0, 3, 6]], [(2, 0), (0, 1), (-2, 0)])
    bend = curves.bezier((0, 0), (1, 2), (2, 0), n=5)
    assert np.allclose(bend[[0, 2, 4]], [(0, 0), (1, 1), (2, 0)])
    assert np.allclose(curves.mirror([(1, 2)]), [(-1, 2)])
    assert len(curves.chain((0, 0), [(0, 0), (1, 0)], (1, 0))) == 2
    even = curves.resample([(0, 0), (10, 0)], 2.0)
    assert np.allclose(np.diff(even[:, 0]), 2.0)
    pushed = curves.wobble(even, np.ones(len(even)))
    assert np.allclose(pushed[:, 1], 1.0) and np.allclose(pushed[:, 0], even[:, 0])


def test_shapes_built_from_halves_and_boxes():
    half = [(0.0, 0.0), (1.0, 0.5), (1.0, 2.0), (0.0, 2.5)]  # top of the centre line round to its bottom
    outline = curves.symmetric(half)
    assert np.allclose(outline, [(0, 0), (1, 0.5), (1, 2), (0, 2.5), (-1, 2), (-1, 0.5)])
    right, left = curves.both_sides([(0.2, 1.0), (0.5, 1.5)])
    assert np.allclose(left, [(-0.2, 1.0), (-0.5, 1.5)]) and np.allclose(right, [(0.2, 1.0), (0.5, 1.5)])
    box = curves.rect(0, 0, 2, 1)
    assert np.allclose(box, [(0, 0), (2, 0), (2, 1), (0, 1)])
    assert np.allclose(curves.closed(box)[[0, -1]], [(0, 0), (0, 0)]) and len(curves.closed(box)) == 5
    assert np.allclose(curves.arclength(curves.closed(box)), [0, 2, 3, 5, 6])
    assert np.allclose(curves.unit((3.0, 4.0)), (0.6, 0.8)) and np.allclose(curves.unit((0.0, 0.0)), (0, 0))


@pytest.mark.parametrize("min_cap_radius, capped", [(0.0, True), (6.0, False)])
def test_round_stroke_has_round_ends_of_the_pens_width(min_cap_radius, capped):
    image = Image.new("L", (60, 60), 255)
    canvas.round_stroke(ImageDraw.Draw(image), [(20, 30), (40, 30)], 10, 0, min_cap_radius=min_cap_radius)
    ink = np.asarray(image) < 128
    assert ink[30, 20:41].all() and not ink[30, :14].any() and not ink[30, 47:].any()
    assert ink[30, 16] == capped and ink[30, 44] == capped  # 4 px beyond each end: inside a round cap only
    dab = Image.new("L", (20, 20), 255)
    canvas.round_stroke(ImageDraw.Draw(dab), [(10, 10)], 8, 0)
    assert (np.asarray(dab) < 128).sum() > 30  # a single point is one dab of the pen


def test_contact_sheet_has_a_row_per_class():
    drawings = families.get("C").drawing_set(2, seed=0)
    sheet = contact_sheet(drawings, thumb=40)
    assert sheet.mode == "RGB" and sheet.height == 10 * 42 and sheet.width == 96 + 2 * 42


@pytest.mark.parametrize("garments", [False, True])
def test_the_command_writes_a_contact_sheet(tmp_path, capsys, garments):
    out = tmp_path / "sheet.png"
    assert main(["sheet", "doodles", "--out", str(out), "--per-class", "2", "--thumb", "64"]
                + (["--garments"] if garments else [])) == 0
    with Image.open(out) as sheet:
        assert sheet.size == (96 + 2 * 66, 10 * 66)
        pixels = np.asarray(sheet.convert("L"))
    thumbnails = pixels[:, 96:].mean()
    assert thumbnails < 128 if garments else thumbnails > 200  # light strokes on black, or ink on white paper
    assert "family D (doodles)" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["sheet", "Z", "--out", str(out)])


def test_the_command_writes_the_apps_examples(tmp_path):
    from pathlib import Path

    assert main(["examples", "--out", str(tmp_path)]) == 0
    committed = Path(__file__).resolve().parent.parent / "examples"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in committed.iterdir())


def test_the_command_lists_the_registry(capsys):
    assert main(["list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line[0] for line in lines] == LETTERS
    assert "held out" in lines[1] and "trained" in lines[0]


def test_family_titles():
    assert families.get("D").title == "D (doodles)"
    assert families.get("B").title == "B (held out: heldout_drawings)"
    assert dataclasses.replace(families.get("B"), trained=True).title == "B (heldout_drawings)"
