"""Pictures of what the network computes, made with numpy and a colour map lookup table.

Drawing dozens of maps through matplotlib figures would take far longer than the forward
pass itself, so matplotlib only lends its colour maps here. Pictures are arrays, except the
feature-map mosaics and the enlarged channel: those are palette images (PIL mode "P", one byte
a pixel: 248 colour-map levels, the gap colour and 7 shades for text), which encode as PNG
several times faster than RGB and download at half the size (docs/performance.md).
"""

from functools import lru_cache

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image, ImageDraw, ImageFont

GAP_COLOUR = (40, 40, 40)
TEXT_COLOUR = (230, 230, 230)
# Palette pictures: entries 0..LEVELS-1 are the colour map, then GAP_INDEX, then text shades
# from the gap colour to the text colour (anti-aliased text keeps its smooth edges).
LEVELS = 248
GAP_INDEX = LEVELS
TEXT_SHADES = 7


@lru_cache(maxsize=None)
def colour_table(name: str) -> np.ndarray:
    """A [256, 3] uint8 lookup table of a matplotlib colour map."""
    from matplotlib import colormaps
    return (colormaps[name](np.linspace(0, 1, 256))[:, :3] * 255).round().astype(np.uint8)


def normalised(values: np.ndarray, vmin: float, vmax: float, min_span: float = 1e-12) -> np.ndarray:
    """Floats -> [0, 1] on a fixed scale (vmin -> 0, vmax -> 1, clipped outside); a span under
    ``min_span`` counts as ``min_span``, so that a flat input does not divide by zero."""
    return np.clip((values - vmin) / max(vmax - vmin, min_span), 0, 1)


def colourize(values: np.ndarray, vmin: float, vmax: float, cmap: str = "viridis") -> np.ndarray:
    """Map an array of floats to RGB uint8 with a fixed scale (vmin -> first colour, vmax -> last)."""
    return colour_table(cmap)[(normalised(values, vmin, vmax) * 255).astype(np.uint8)]


@lru_cache(maxsize=None)
def palette(cmap: str) -> bytes:
    """The 256-entry palette of palette pictures for a colour map (see LEVELS)."""
    levels = colour_table(cmap)[np.linspace(0, 255, LEVELS).round().astype(int)]
    blend = np.linspace(0, 1, TEXT_SHADES + 1)[:, None]
    shades = (1 - blend) * np.array(GAP_COLOUR) + blend * np.array(TEXT_COLOUR)  # shades[0] is the gap
    return np.vstack([levels, shades.round()]).astype(np.uint8).tobytes()


def level_index(values: np.ndarray, vmin: float, vmax: float) -> np.ndarray:
    """Floats -> palette indices 0..LEVELS-1 on a fixed scale (vmin -> first level, vmax -> last)."""
    return (normalised(values, vmin, vmax) * (LEVELS - 1)).round().astype(np.uint8)


def palette_picture(indices: np.ndarray, cmap: str) -> Image.Image:
    picture = Image.fromarray(indices, "P")
    picture.putpalette(palette(cmap))
    return picture


def _as_numpy(maps) -> np.ndarray:
    if isinstance(maps, torch.Tensor):
        maps = maps.detach().float().cpu().numpy()
    return np.asarray(maps, dtype=np.float32)


@lru_cache(maxsize=None)
def _font(size: int = 12):
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # an old Pillow without sized default fonts
        return ImageFont.load_default()


TEXT_HEIGHT = 16


@lru_cache(maxsize=64)
def _caption(width: int, caption: str) -> Image.Image:
    """The caption under a colour bar, drawn once per width (text is the slow part of a bar)."""
    text = Image.new("L", (width, TEXT_HEIGHT + 2), 0)  # how much of each pixel is text
    if caption:
        draw = ImageDraw.Draw(text)
        draw.text(((width - draw.textlength(caption, font=_font(12))) / 2, 1), caption, fill=255, font=_font(12))
    return text


@lru_cache(maxsize=64)  # Grad-CAM's bar (0 to 1) and the kernels' are the same for every drawing
def _scale_bar(width: int, vmin: float, vmax: float, caption: str = "") -> np.ndarray:
    """Palette indices of a colour bar with its end values (and a caption), ``width`` wide (read-only)."""
    bar_height = 10
    bar = np.repeat(level_index(np.linspace(vmin, vmax, width), vmin, vmax)[None, :], bar_height, axis=0)
    text = _caption(width, caption).copy()
    draw = ImageDraw.Draw(text)
    font = _font(12)
    draw.text((2, 1), f"{vmin:.3g}", fill=255, font=font)
    right = f"{vmax:.3g}"
    draw.text((width - 2 - draw.textlength(right, font=font), 1), right, fill=255, font=font)
    text_index = GAP_INDEX + (np.asarray(text, np.uint16) * TEXT_SHADES + 127) // 255
    gap = np.full((2, width), GAP_INDEX, np.uint8)
    indices = np.concatenate([gap, bar, text_index.astype(np.uint8)], axis=0)
    indices.flags.writeable = False  # shared by every caller through the cache
    return indices


def _with_scale_bar(tiles: np.ndarray, vmin: float, vmax: float, cmap: str, caption: str = "") -> np.ndarray:
    """Append a colour bar with its end values (and a caption) under an RGB picture."""
    bar = np.frombuffer(palette(cmap), np.uint8).reshape(256, 3)[_scale_bar(tiles.shape[1], vmin, vmax, caption)]
    return np.concatenate([tiles, bar], axis=0)


def layer_scale(maps) -> tuple[float, float]:
    """One scale for all channels of a layer, so channels can be compared: 0 (these are
    ReLU/pool outputs) to a high percentile, which keeps one hot pixel from washing out the rest."""
    values = _as_numpy(maps)
    low = float(min(values.min(), 0.0))
    high = float(np.percentile(values, 99.5)) if values.size else 1.0
    return low, max(high, low + 1e-6)


def mosaic(maps, cmap: str = "viridis", target_width: int = 640, scale: tuple[float, float] | None = None,
           caption: str = "") -> Image.Image:
    """Every channel of [C, H, W] maps as tiles in a grid (channel 0 top left, row by row),
    enlarged by a whole factor to about ``target_width`` pixels, with a colour bar underneath;
    a palette picture."""
    maps = _as_numpy(maps)
    channels, height, width = maps.shape
    columns = int(np.ceil(np.sqrt(channels)))
    rows = int(np.ceil(channels / columns))
    zoom = max(1, target_width // (columns * (width + 1)))
    vmin, vmax = scale or layer_scale(maps)
    tiles = level_index(maps, vmin, vmax)  # [C, H, W]
    tiles = tiles.repeat(zoom, axis=1).repeat(zoom, axis=2)
    th, tw = height * zoom, width * zoom
    grid = np.full((rows * (th + 1) + 1, columns * (tw + 1) + 1), GAP_INDEX, np.uint8)
    for c in range(channels):
        r, k = divmod(c, columns)
        grid[1 + r * (th + 1):1 + r * (th + 1) + th, 1 + k * (tw + 1):1 + k * (tw + 1) + tw] = tiles[c]
    bar = _scale_bar(grid.shape[1], vmin, vmax, caption)
    return palette_picture(np.concatenate([grid, bar], axis=0), cmap)


def channel_view(channel_map, size: int = 280, cmap: str = "viridis",
                 scale: tuple[float, float] | None = None) -> tuple[Image.Image, dict]:
    """One channel enlarged (nearest neighbour, so its pixels stay visible), as a palette
    picture with its colour bar, and its statistics."""
    values = _as_numpy(channel_map)
    stats = {"min": float(values.min()), "mean": float(values.mean()), "max": float(values.max())}
    vmin, vmax = scale or (min(stats["min"], 0.0), max(stats["max"], 1e-6))
    zoom = max(1, size // max(values.shape))
    picture = level_index(values, vmin, vmax).repeat(zoom, axis=0).repeat(zoom, axis=1)
    bar = _scale_bar(picture.shape[1], vmin, vmax)
    return palette_picture(np.concatenate([picture, bar], axis=0), cmap), stats


def grayscale(image, size: int | None = None, low: float | None = None, high: float | None = None) -> np.ndarray:
    """A [H, W] array as an 8-bit picture, optionally enlarged (nearest) to ``size`` pixels."""
    values = _as_numpy(image)
    low = float(values.min()) if low is None else low
    high = float(values.max()) if high is None else high
    picture = (normalised(values, low, high, min_span=1e-6) * 255).round().astype(np.uint8)
    if size and size != values.shape[0]:
        zoom = max(1, size // values.shape[0])
        picture = picture.repeat(zoom, axis=0).repeat(zoom, axis=1)
    return picture


@lru_cache(maxsize=None)
def _glyph(char: str, size: int) -> tuple[Image.Image, int]:
    """One character as a mask and its advance, rendered once: the class maps' ten scores are set from
    these instead of by FreeType on every drawing, which held the interpreter lock (docs/performance.md)."""
    font = _font(size)
    advance = round(font.getlength(char))
    mask = Image.new("L", (max(1, advance), size + 6), 0)
    ImageDraw.Draw(mask).text((0, 0), char, fill=255, font=font)
    return mask, advance


def _set_text(canvas: Image.Image, centre_x: float, top: int, text: str, fill, size: int = 11) -> None:
    """``text`` centred on ``centre_x``, glyph by glyph (no kerning: digits have none)."""
    glyphs = [_glyph(char, size) for char in text]
    x = round(centre_x - sum(advance for _, advance in glyphs) / 2)
    for mask, advance in glyphs:
        canvas.paste(fill, (x, top, x + mask.width, top + mask.height), mask)
        x += advance


@lru_cache(maxsize=8)
def _class_maps_canvas(class_names: tuple[str, ...], tile: int) -> Image.Image:
    """The background of the class maps with the class names: the same for every drawing (text
    is the slow part of these pictures, so it is drawn once)."""
    canvas = Image.new("RGB", (len(class_names) * (tile + 4) + 4, tile + 38), GAP_COLOUR)
    draw = ImageDraw.Draw(canvas)
    font = _font(11)
    for i, name in enumerate(class_names):
        x = 4 + i * (tile + 4)
        draw.text((x + (tile - draw.textlength(name, font=font)) / 2, tile + 8), name, fill=TEXT_COLOUR, font=font)
    return canvas


def class_maps(maps, class_names, scores, predicted: int, tile: int = 90, cmap: str = "magma") -> np.ndarray:
    """The last block's ten maps side by side, each under its class name and score: with global
    average pooling, each channel is where the drawing looks like that class."""
    maps = _as_numpy(maps)
    vmin, vmax = 0.0, max(float(maps.max()), 1e-6)
    canvas = _class_maps_canvas(tuple(class_names), tile).copy()
    draw = ImageDraw.Draw(canvas)
    zoom = max(1, tile // maps.shape[-1])
    for i, channel in enumerate(maps):
        picture = colourize(channel, vmin, vmax, cmap).repeat(zoom, axis=0).repeat(zoom, axis=1)
        x = 4 + i * (tile + 4)
        canvas.paste(Image.fromarray(picture).resize((tile, tile), Image.NEAREST), (x, 4))
        if i == predicted:
            draw.rectangle([x - 2, 2, x + tile + 1, tile + 5], outline=(255, 200, 0), width=2)
        _set_text(canvas, x + tile / 2, tile + 21, f"{scores[i]:.3g}", fill=(170, 170, 170))
    return _with_scale_bar(np.asarray(canvas), vmin, vmax, cmap, "class map value (its mean is the class's logit)")


def kernels(weights, cmap: str = "RdBu_r", target_width: int = 560) -> Image.Image:
    """First-layer kernels [C, 1, k, k] as tiles on one symmetric scale (red positive, blue negative)."""
    values = _as_numpy(weights)[:, 0]
    bound = float(np.abs(values).max()) or 1.0
    return mosaic(values, cmap=cmap, target_width=target_width, scale=(-bound, bound), caption="weight")


def cam_overlay(background, cam, size: int = 224, alpha: float = 0.5, cmap: str = "jet") -> np.ndarray:
    """A Grad-CAM heat map (any [h, w]) stretched over a [H, W] grayscale picture."""
    base = grayscale(background)
    if base.shape[0] != size:
        base = np.asarray(Image.fromarray(base).resize((size, size), Image.BILINEAR))
    cam_t = torch.as_tensor(_as_numpy(cam))[None, None]
    heat = F.interpolate(cam_t, size=(size, size), mode="bilinear", align_corners=False)[0, 0].numpy()
    heat = heat / heat.max() if heat.max() > 0 else heat
    coloured = colourize(heat, 0.0, 1.0, cmap).astype(np.float32)
    blended = (1 - alpha) * np.repeat(base[..., None], 3, axis=2) + alpha * coloured
    return _with_scale_bar(blended.round().astype(np.uint8), 0.0, 1.0, cmap, "Grad-CAM (relative)")
