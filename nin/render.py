"""Pictures of what the network computes, made with numpy and a colour map lookup table.

Drawing dozens of maps through matplotlib figures would take far longer than the forward
pass itself, so matplotlib only lends its colour maps here; every picture is an array.
"""

from functools import lru_cache

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image, ImageDraw, ImageFont

GAP_COLOUR = (40, 40, 40)
TEXT_COLOUR = (230, 230, 230)


@lru_cache(maxsize=None)
def colour_table(name: str) -> np.ndarray:
    """A [256, 3] uint8 lookup table of a matplotlib colour map."""
    from matplotlib import colormaps
    return (colormaps[name](np.linspace(0, 1, 256))[:, :3] * 255).round().astype(np.uint8)


def colourize(values: np.ndarray, vmin: float, vmax: float, cmap: str = "viridis") -> np.ndarray:
    """Map an array of floats to RGB uint8 with a fixed scale (vmin -> first colour, vmax -> last)."""
    span = max(vmax - vmin, 1e-12)
    index = np.clip((values - vmin) / span * 255, 0, 255).astype(np.uint8)
    return colour_table(cmap)[index]


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


def _with_scale_bar(tiles: np.ndarray, vmin: float, vmax: float, cmap: str, caption: str = "") -> np.ndarray:
    """Append a colour bar with its end values (and a caption) under a picture."""
    width = tiles.shape[1]
    bar_height, text_height = 10, 16
    bar = np.repeat(colourize(np.linspace(vmin, vmax, width)[None, :], vmin, vmax, cmap), bar_height, axis=0)
    canvas = Image.new("RGB", (width, bar_height + text_height + 4), GAP_COLOUR)
    canvas.paste(Image.fromarray(bar), (0, 2))
    draw = ImageDraw.Draw(canvas)
    font = _font(12)
    draw.text((2, bar_height + 3), f"{vmin:.3g}", fill=TEXT_COLOUR, font=font)
    right = f"{vmax:.3g}"
    draw.text((width - 2 - draw.textlength(right, font=font), bar_height + 3), right, fill=TEXT_COLOUR, font=font)
    if caption:
        draw.text(((width - draw.textlength(caption, font=font)) / 2, bar_height + 3), caption,
                  fill=TEXT_COLOUR, font=font)
    return np.concatenate([tiles, np.asarray(canvas)], axis=0)


def layer_scale(maps) -> tuple[float, float]:
    """One scale for all channels of a layer, so channels can be compared: 0 (these are
    ReLU/pool outputs) to a high percentile, which keeps one hot pixel from washing out the rest."""
    values = _as_numpy(maps)
    low = float(min(values.min(), 0.0))
    high = float(np.percentile(values, 99.5)) if values.size else 1.0
    return low, max(high, low + 1e-6)


def mosaic(maps, cmap: str = "viridis", target_width: int = 640, scale: tuple[float, float] | None = None,
           caption: str = "") -> np.ndarray:
    """Every channel of [C, H, W] maps as tiles in a grid (channel 0 top left, row by row),
    enlarged by a whole factor to about ``target_width`` pixels, with a colour bar underneath."""
    maps = _as_numpy(maps)
    channels, height, width = maps.shape
    columns = int(np.ceil(np.sqrt(channels)))
    rows = int(np.ceil(channels / columns))
    zoom = max(1, target_width // (columns * (width + 1)))
    vmin, vmax = scale or layer_scale(maps)
    tiles = colourize(maps, vmin, vmax, cmap)  # [C, H, W, 3]
    tiles = tiles.repeat(zoom, axis=1).repeat(zoom, axis=2)
    th, tw = height * zoom, width * zoom
    grid = np.empty((rows * (th + 1) + 1, columns * (tw + 1) + 1, 3), np.uint8)
    grid[:] = GAP_COLOUR
    for c in range(channels):
        r, k = divmod(c, columns)
        grid[1 + r * (th + 1):1 + r * (th + 1) + th, 1 + k * (tw + 1):1 + k * (tw + 1) + tw] = tiles[c]
    return _with_scale_bar(grid, vmin, vmax, cmap, caption)


def channel_view(channel_map, size: int = 280, cmap: str = "viridis",
                 scale: tuple[float, float] | None = None) -> tuple[np.ndarray, dict]:
    """One channel enlarged (nearest neighbour, so its pixels stay visible) and its statistics."""
    values = _as_numpy(channel_map)
    stats = {"min": float(values.min()), "mean": float(values.mean()), "max": float(values.max())}
    vmin, vmax = scale or (min(stats["min"], 0.0), max(stats["max"], 1e-6))
    zoom = max(1, size // max(values.shape))
    picture = colourize(values, vmin, vmax, cmap).repeat(zoom, axis=0).repeat(zoom, axis=1)
    return _with_scale_bar(picture, vmin, vmax, cmap), stats


def grayscale(image, size: int | None = None, low: float | None = None, high: float | None = None) -> np.ndarray:
    """A [H, W] array as an 8-bit picture, optionally enlarged (nearest) to ``size`` pixels."""
    values = _as_numpy(image)
    low = float(values.min()) if low is None else low
    high = float(values.max()) if high is None else high
    picture = (np.clip((values - low) / max(high - low, 1e-6), 0, 1) * 255).round().astype(np.uint8)
    if size and size != values.shape[0]:
        zoom = max(1, size // values.shape[0])
        picture = picture.repeat(zoom, axis=0).repeat(zoom, axis=1)
    return picture


def class_maps(maps, class_names, scores, predicted: int, tile: int = 90, cmap: str = "magma") -> np.ndarray:
    """The last block's ten maps side by side, each under its class name and score: with global
    average pooling, each channel is where the drawing looks like that class."""
    maps = _as_numpy(maps)
    vmin, vmax = 0.0, max(float(maps.max()), 1e-6)
    font = _font(11)
    label_height = 30
    width = len(maps) * (tile + 4) + 4
    canvas = Image.new("RGB", (width, tile + label_height + 8), GAP_COLOUR)
    draw = ImageDraw.Draw(canvas)
    zoom = max(1, tile // maps.shape[-1])
    for i, channel in enumerate(maps):
        picture = colourize(channel, vmin, vmax, cmap).repeat(zoom, axis=0).repeat(zoom, axis=1)
        x = 4 + i * (tile + 4)
        canvas.paste(Image.fromarray(picture).resize((tile, tile), Image.NEAREST), (x, 4))
        if i == predicted:
            draw.rectangle([x - 2, 2, x + tile + 1, tile + 5], outline=(255, 200, 0), width=2)
        name = class_names[i]
        draw.text((x + (tile - draw.textlength(name, font=font)) / 2, tile + 8), name, fill=TEXT_COLOUR, font=font)
        score = f"{scores[i]:.3g}"
        draw.text((x + (tile - draw.textlength(score, font=font)) / 2, tile + 21), score, fill=(170, 170, 170), font=font)
    return _with_scale_bar(np.asarray(canvas), vmin, vmax, cmap, "class map value (its mean is the class's logit)")


def kernels(weights, cmap: str = "RdBu_r", target_width: int = 560) -> np.ndarray:
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
