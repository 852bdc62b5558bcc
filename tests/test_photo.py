"""The photo path: the cut-out (nin.photo), how to_garment routes a photo, and the photo training's
pieces (nin.lab.photos, nin.lab.train_photos). Synthetic photos only: the shared phone photos are
used by the browser test and benchmarks/photos.py, never committed."""

import io

import numpy as np
import pytest
import torch
from PIL import Image, ImageDraw

from nin import photo
from nin.images import open_image, to_garment
from nin.lab.photos import KIND_CLASSES, SPLITS, split_of, targets
from nin.lab.train_photos import draw_photos, flat_loss, set_loss
from nin.preprocess import CLASSES, GARMENT_SIZE, PHOTO_DETAIL_SIZE

RNG = np.random.default_rng(0)


def textured_photo(width=300, height=400, garment=(200, 30, 40), seed=0) -> tuple[Image.Image, np.ndarray]:
    """A red T-shirt shape on a noisy, striped bed cover; and the shape's mask."""
    rng = np.random.default_rng(seed)
    bed = np.zeros((height, width, 3), np.float32)
    bed[...] = (180, 170, 150)
    bed[(np.arange(height) // 12) % 2 == 0] = (150, 140, 125)  # stripes
    bed += rng.normal(0, 12, bed.shape)
    shape = Image.new("L", (width, height), 0)
    draw = ImageDraw.Draw(shape)
    draw.polygon([(90, 80), (210, 80), (270, 140), (235, 170), (215, 150), (215, 330), (85, 330), (85, 150),
                  (65, 170), (30, 140)], fill=255)
    mask = np.asarray(shape) > 0
    bed[mask] = np.array(garment, np.float32) + rng.normal(0, 6, (mask.sum(), 3))
    return Image.fromarray(np.clip(bed, 0, 255).astype(np.uint8)), mask


def jpeg(image: Image.Image, **kwargs) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=92, **kwargs)
    return buffer.getvalue()


def iou(a: np.ndarray, b: np.ndarray) -> float:
    return float((a & b).sum() / (a | b).sum())


# ---------------------------------------------------------------------------- the cut-out


def test_cut_out_finds_the_garment_on_a_textured_background():
    image, truth = textured_photo()
    small = photo.shrink(image)
    cut = photo.cut_out(small)
    assert cut.found
    truth_small = np.asarray(Image.fromarray(truth).resize(small.shape[1::-1], Image.NEAREST))
    assert iou(cut.mask, truth_small) > 0.9


def test_cut_out_of_any_garment_colour():
    for colour in ((240, 240, 240), (20, 20, 25), (60, 90, 200)):  # white, black, blue cloth
        image, truth = textured_photo(garment=colour)
        small = photo.shrink(image)
        truth_small = np.asarray(Image.fromarray(truth).resize(small.shape[1::-1], Image.NEAREST))
        assert iou(photo.cut_out(small).mask, truth_small) > 0.85, colour


def test_a_flat_photo_is_no_cut_and_no_error():
    flat = np.full((100, 80, 3), 128, np.uint8)
    cut = photo.cut_out(flat)
    assert not cut.found and cut.mask.all()


def test_largest_piece_keeps_the_biggest_and_fills_its_holes():
    mask = np.zeros((50, 50), bool)
    mask[5:40, 5:40] = True
    mask[15:25, 15:25] = False  # a hole (a print on a T-shirt)
    mask[45:48, 45:48] = True   # a speck elsewhere
    piece = photo.largest_piece(mask)
    assert piece[20, 20] and not piece[46, 46] and piece.sum() == 35 * 35


def test_preview_darkens_only_the_background():
    image, _ = textured_photo()
    cut = photo.cut_out(photo.shrink(image))
    preview = cut.preview()
    assert (preview[cut.mask] == cut.photo[cut.mask]).all()
    assert preview[~cut.mask].mean() < cut.photo[~cut.mask].mean()


# ---------------------------------------------------------------------------- to_garment


def test_a_photo_becomes_a_cut_out_garment_on_black():
    image, _ = textured_photo()
    garment = to_garment(jpeg(image))
    assert garment.note.startswith("Photo: the garment was cut out") and not garment.drawing
    pixels = garment.pixels
    assert pixels[0, 0] == 0 and pixels[-1, -1] == 0           # the bed is gone
    assert pixels[14, 14] > 0.3                                   # red cloth, negated, is bright
    assert (pixels > 0.05).float().mean() > 0.3                   # a T-shirt, not a speck
    assert garment.cutout is not None and garment.cutout.shape[2] == 3
    assert garment.cutout.shape[1] > 2 * garment.cutout.shape[0] * 0.7  # the photo beside its cut-out


def test_a_photo_taken_in_portrait_stands_upright():
    image, _ = textured_photo(300, 400)
    lying = image.transpose(Image.Transpose.ROTATE_90)  # what the camera stored: landscape
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display"
    upright = to_garment(jpeg(lying, exif=exif.tobytes()))
    assert upright.cutout.shape[0] > upright.cutout.shape[1] / 2  # tall photo: height > each half's width
    direct = to_garment(jpeg(image))
    assert torch.allclose(upright.pixels, direct.pixels, atol=0.15)


def test_a_twelve_megapixel_jpeg_is_decoded_small():
    big = Image.new("RGB", (4000, 3000), (200, 190, 180))
    image = open_image(jpeg(big), colour=True)
    assert image.mode == "RGB" and max(image.size) <= 1000  # the DCT's reduced scale, not 12 MP


def test_drawings_and_dataset_images_keep_their_paths():
    page = Image.new("L", (400, 400), 255)
    ImageDraw.Draw(page).rectangle((100, 60, 300, 340), outline=0, width=4)
    assert to_garment(page).drawing
    negative = Image.new("L", (280, 280), 0)
    ImageDraw.Draw(negative).rectangle((80, 40, 200, 240), fill=220)
    garment = to_garment(negative)
    assert not garment.drawing and garment.cutout is None and "Dark background" in garment.note


def product_shot(width=300, height=400) -> Image.Image:
    """The same red T-shirt on plain white, as a shop photographs it."""
    image, mask = textured_photo(width, height)
    shot = np.full((height, width, 3), 250, np.uint8)
    shot[mask] = np.asarray(image)[mask]
    return Image.fromarray(shot)


def test_a_photo_keeps_its_cut_out_in_detail_too():
    """Beside the 28x28, a photo's garment holds the same cut-out at 112x112: the same silhouette, finer."""
    garment = to_garment(jpeg(textured_photo()[0]))
    assert garment.pixels.shape == (GARMENT_SIZE, GARMENT_SIZE)
    assert garment.detail.shape == (PHOTO_DETAIL_SIZE, PHOTO_DETAIL_SIZE) and garment.detail.dtype == torch.float32
    shrunk = torch.nn.functional.avg_pool2d(garment.detail[None, None], 4)[0, 0]
    assert (shrunk - garment.pixels).abs().mean() < 0.03
    assert to_garment(Image.new("L", (28, 28), 0)).detail is None  # not a photo: 28x28 alone


def test_every_photo_and_nothing_else_is_a_photo():
    image, _ = textured_photo()
    assert to_garment(jpeg(image)).photo  # cut by GrabCut
    shot = to_garment(jpeg(product_shot()))
    assert shot.cutout is not None and shot.photo  # a product shot, cut by a threshold: a photo too
    drawing = Image.new("L", (400, 400), 255)
    ImageDraw.Draw(drawing).rectangle((100, 60, 300, 340), outline=0, width=4)
    assert not to_garment(drawing).photo
    assert not to_garment(Image.new("L", (28, 28), 0)).photo


def test_the_app_reads_a_phone_photo_with_the_phone_photo_weights(tmp_path):
    """The committed weights carry phone-photo weights; an upload of a phone photo is answered by them
    (and again so when only the layer changes), and so is a product shot on white; a drawing by the main weights."""
    from nin.demo import Demo

    demo = Demo.load("weights")
    main, phone = demo.predictor, demo.predictor.phone
    assert phone is not None and phone.info.sha256 == main.info.phone_sha256 != main.info.sha256
    assert 0.0 < phone.none_below < 1.0
    image, _ = textured_photo()
    path = tmp_path / "bed.jpg"
    path.write_bytes(jpeg(image))
    page = demo.from_upload(str(path))
    garment = to_garment(str(path))
    assert phone.garment_size == PHOTO_DETAIL_SIZE == garment.detail.shape[-1]  # they read the photo's detail
    expected = torch.softmax(phone.logits(garment.detail[None])[0], 0).numpy()
    np.testing.assert_allclose(list(page.confidences.values()), expected, atol=1e-5)
    assert not np.allclose(expected, torch.softmax(main.logits(garment.pixels[None])[0], 0).numpy(), atol=1e-3)
    assert "Read at 112×112 by the weights trained for photos" in page.message and page.state["photo"]
    assert np.asarray(page.state["garment"]).shape == page.garment.shape == (112, 112)
    from nin.predict import predict_file  # the CLI (nin.predict) answers as the page does
    np.testing.assert_allclose(list(predict_file(main, str(path))["probabilities"].values()), expected, atol=1e-5)
    again = demo.from_state(page.state, "block2.relu", 0)
    assert again.confidences == page.confidences and again.state == page.state
    path.write_bytes(jpeg(product_shot()))
    shot = demo.from_upload(str(path))
    expected = torch.softmax(phone.logits(to_garment(str(path)).detail[None])[0], 0).numpy()
    np.testing.assert_allclose(list(shot.confidences.values()), expected, atol=1e-5)
    assert "by the weights trained for photos" in shot.message and shot.state["photo"] is True
    drawing = Image.new("L", (400, 400), 255)
    ImageDraw.Draw(drawing).rectangle((100, 60, 300, 340), outline=0, width=4)
    drawing.save(path.with_suffix(".png"))
    drawn = demo.from_upload(str(path.with_suffix(".png")))
    expected = torch.softmax(main.logits(to_garment(drawing).pixels[None])[0], 0).numpy()
    np.testing.assert_allclose(list(drawn.confidences.values()), expected, atol=1e-5)
    assert "trained for photos" not in drawn.message and drawn.state["photo"] is False
    assert "Phone photos: NiN weights for phone photos" in demo.weights_line
    phone_line = demo.weights_line.split("Phone photos:")[1]  # their photo figure, not their Fashion-MNIST one
    assert f"{phone.info.photo_accuracy:.1%} right on phone photos" in phone_line and "test accuracy" not in phone_line
    unsure = demo.verdict(3, phone.none_below - 0.01, phone)  # each weights' own threshold, and what it means
    assert unsure.startswith("**None of these?**") and f"{phone.none_below:.0%}" in unsure and "phone photos" in unsure
    assert demo.verdict(3, phone.none_below + 0.01, phone).startswith("**Dress**")


# ---------------------------------------------------------------------------- training pieces


def test_every_kind_maps_to_real_classes_and_the_split_is_stable():
    for kind, classes in KIND_CLASSES.items():
        assert set(classes) <= set(CLASSES)
        assert targets(kind).sum() == len(classes)
    names = [f"{i:05d}.jpg" for i in range(3000)]
    from pathlib import Path
    shares = {split: sum(split_of(Path(n)) == split for n in names) / len(names) for split in SPLITS}
    for split, (low, high) in SPLITS.items():
        assert abs(shares[split] - (high - low) / 100) < 0.03
    assert split_of(Path("a/b/x.jpg")) == split_of(Path("c/x.jpg"))  # by name, not by folder


def test_set_loss_accepts_any_right_class_and_flat_loss_wants_no_answer():
    footwear = targets("shoes")[None]
    sneaker = torch.full((1, 10), -5.0)
    sneaker[0, CLASSES.index("Sneaker")] = 5.0
    shirt = torch.full((1, 10), -5.0)
    shirt[0, CLASSES.index("Shirt")] = 5.0
    assert set_loss(sneaker, footwear) < 0.01 < 5 < set_loss(shirt, footwear)
    assert flat_loss(torch.zeros(1, 10)) == pytest.approx(np.log(10), rel=1e-5)
    assert flat_loss(sneaker) > flat_loss(torch.zeros(1, 10))


def test_balanced_batches_draw_each_kind_as_often():
    """Recipe phone_balanced: a kind with 9 photos in 10 is drawn as often as one with 1 in 10; the plain draw
    follows the photos' own shares. Both repeat for the same generator seed (training resumes exactly)."""
    pool = torch.arange(1000) * 3  # indices into a bigger cache
    kinds = torch.cat([torch.zeros(900, dtype=torch.long), torch.full((100,), 4)])
    kind_of = dict(zip(pool.tolist(), kinds.tolist()))
    for balanced, share in ((True, 0.5), (False, 0.9)):
        drawn = draw_photos(pool, kinds, 4000, torch.Generator().manual_seed(0), balanced)
        assert set(drawn.tolist()) <= set(kind_of)
        assert np.mean([kind_of[i] == 0 for i in drawn.tolist()]) == pytest.approx(share, abs=0.03)
        assert torch.equal(drawn, draw_photos(pool, kinds, 4000, torch.Generator().manual_seed(0), balanced))


def test_a_dataset_garment_made_into_a_product_shot_reads_back_as_itself():
    """nin.lab.photos.product_shot (the catalogue stand-in, and phone_shots' training garments): a garment negated
    onto white, upscaled, as a JPEG; the upload path takes it for a photo and gives back nearly the same garment."""
    from nin.lab.photos import product_shot, shot_details

    garment = torch.zeros(28, 28, dtype=torch.uint8)  # as the dataset: the longest side fills the 28 pixels
    garment[:, 6:22] = torch.linspace(100, 220, 28).round().to(torch.uint8)[:, None]  # shaded, as cloth is
    read = to_garment(product_shot(garment))
    assert read.photo and not read.drawing and read.detail.shape == (PHOTO_DETAIL_SIZE, PHOTO_DETAIL_SIZE)
    assert (read.pixels - garment.float() / 255).abs().mean() < 0.08
    details = shot_details(garment[None].repeat(2, 1, 1))
    assert details.dtype == torch.uint8 and details.shape == (2, PHOTO_DETAIL_SIZE, PHOTO_DETAIL_SIZE)
    assert torch.equal(details[0], (read.detail * 255).round().to(torch.uint8))


def test_a_product_shot_can_cast_a_soft_shadow():
    """nin.lab.photos.Shadow (phone_shadows' training shots, the benchmark's second stand-in): the page darkens
    below the garment and fades away from it; the garment itself is as without it; shot_details draws which
    shots cast one, and how, from its seed."""
    from nin.lab.photos import Shadow, product_shot, shot_details

    garment = torch.zeros(28, 28, dtype=torch.uint8)
    garment[2:26, 8:20] = 200
    plain, shaded = (np.asarray(Image.open(io.BytesIO(product_shot(garment, shadow=shadow))).convert("L"), float)
                     for shadow in (None, Shadow(strength=0.4)))
    # The page is 28*12 = 336 px of garment with margins of 42 above and 21 left: the garment's bottom is at 354.
    assert plain[360:380, 150:250].mean() > 250 and shaded[360:380, 150:250].mean() < 235  # under it, darkened
    assert shaded[20:35, 150:250].mean() > 250  # above it, the page stays white
    assert np.abs(shaded[80:300, 140:220] - plain[80:300, 140:220]).mean() < 1.5  # the garment, unchanged
    assert shaded[360:380, 150:250].mean() < shaded[395:415, 150:250].mean()  # deepest nearest to it
    some, none = shot_details(garment[None].repeat(6, 1, 1), shadows=0.5, seed=3), shot_details(garment[None])
    assert torch.equal(some, shot_details(garment[None].repeat(6, 1, 1), shadows=0.5, seed=3))
    assert 0 < sum(not torch.equal(detail, none[0]) for detail in some) < 6


def test_a_pale_coloured_garment_on_white_is_cut_out_whole():
    """A pale yellow T-shirt is nearly as bright as the page (gray 0.89): by brightness alone only its dark
    print would stand out. nin.photo.cut_plain takes what differs in colour too."""
    from nin.images import GARMENT_THRESHOLD
    from tests.corpus import tshirt_polygon

    page = Image.new("RGB", (120, 128), "white")
    draw = ImageDraw.Draw(page)
    draw.polygon(tshirt_polygon(100, 100, 10, 14), fill=(255, 235, 120))
    draw.rectangle((50, 45, 70, 60), fill=(40, 40, 90))  # the print on its chest
    small = np.asarray(page)
    silhouette = Image.new("L", page.size, 0)
    ImageDraw.Draw(silhouette).polygon(tshirt_polygon(100, 100, 10, 14), fill=255)
    shirt = np.asarray(silhouette) > 0
    gray = np.asarray(page.convert("L"), np.float32) / 255
    assert ((1 - gray) > GARMENT_THRESHOLD).sum() < 0.1 * shirt.sum()  # brightness alone: the print, not the shirt
    cut = photo.cut_plain(small, GARMENT_THRESHOLD)
    assert cut.found and (cut.mask & shirt).sum() > 0.97 * shirt.sum()
    assert (cut.mask & ~shirt).sum() < 0.03 * shirt.sum()
    garment = to_garment(page).pixels  # the shirt's silhouette: nothing beside its neck or under its sleeves
    assert garment[0, 0] == 0 and garment[-1, 0] == 0 and garment[-1, -1] == 0 and garment[14, 14] > 0.1


def test_a_dyed_product_shot_keeps_the_datasets_gray():
    """nin.lab.photos.dyed (the benchmark's coloured stand-in): the garment in colour, its gray as before, the
    page still white."""
    from nin.lab.photos import LUMA, product_shot

    garment = torch.zeros(28, 28, dtype=torch.uint8)
    garment[2:26, 8:20] = torch.linspace(60, 200, 24).round().to(torch.uint8)[:, None]
    plain, coloured = (np.asarray(Image.open(io.BytesIO(product_shot(garment, dye=dye))), np.float32)
                       for dye in (None, (0.6, 1.0)))
    body = (slice(80, 300), slice(130, 230))
    assert np.ptp(coloured[body], axis=-1).mean() > 40 and np.ptp(plain[body], axis=-1).mean() < 3  # in colour
    gray = coloured @ LUMA
    assert np.abs(gray[body] - plain[body][..., 0]).mean() < 4  # at the same gray (JPEG's chroma aside)
    assert coloured[:30].min() > 245  # the page, white
