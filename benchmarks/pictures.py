"""The README's two pictures, taken from the running app in Chromium (headless, Playwright):

    python -m benchmarks.pictures [--out docs] [--url URL]

- ``drawing.gif``: a garment drawn with the mouse, a frame every few pen moves, the answer following the pen;
- ``screenshot.png``: the first screen once the drawing is answered (pad, answer, what the model sees, stage).

Without --url it starts ``python app.py`` on a free loopback port and stops it afterwards.
"""

import argparse
import contextlib
import io
from pathlib import Path

from PIL import Image

from benchmarks import browser
from benchmarks.load import started_app

GIF_WIDTH = 720
FRAME_MS, LAST_FRAME_MS = 260, 2600


def region(page, height: int = 780) -> dict:
    """The pad and the answer beside it: from the tabs above the pad down ``height`` px, the page's width
    (fixed before the first answer, which adds the pictures of what the model sees below the answer)."""
    top = max(page.locator("#pad").bounding_box()["y"] - 60, 0)
    return {"x": 0, "y": top, "width": page.viewport_size["width"], "height": height}


def frame(page, clip: dict) -> Image.Image:
    shot = Image.open(io.BytesIO(page.screenshot(clip=clip))).convert("RGB")
    return shot.resize((GIF_WIDTH, round(shot.height * GIF_WIDTH / shot.width)), Image.LANCZOS)


def draw_in_frames(page, strokes, clip: dict, moves_per_frame: int = 3) -> list[Image.Image]:
    """Draw ``strokes`` slowly, a frame every ``moves_per_frame`` small pen moves once the page shows an answer;
    the last frame once the finished drawing is answered."""
    frames = []
    for stroke in browser.pad_points(page, strokes):
        page.mouse.move(*stroke[0])
        page.mouse.down()
        moves = 0
        for a, b in zip(stroke, stroke[1:]):
            for k in range(1, 7):
                page.mouse.move(a[0] + (b[0] - a[0]) * k / 6, a[1] + (b[1] - a[1]) * k / 6)
                page.wait_for_timeout(40)
                moves += 1
                if moves % moves_per_frame == 0:
                    page.wait_for_timeout(150)  # a live answer arrives every 150 ms during a stroke
                    if "%" in browser.status_text(page):  # from the first answer on
                        frames.append(frame(page, clip))
        page.mouse.up()
    browser.answer_for_drawing(page)
    page.wait_for_function("[...document.images].every(img => img.complete)")
    page.wait_for_timeout(500)
    frames.append(frame(page, clip))
    return frames


def save_gif(frames: list[Image.Image], path: Path) -> None:
    palette = frames[-1].quantize(colors=64, method=Image.Quantize.MEDIANCUT)
    shots = [f.quantize(palette=palette, dither=Image.Dither.NONE) for f in frames]
    shots[0].save(path, save_all=True, append_images=shots[1:], optimize=True, loop=0,
                  duration=[FRAME_MS] * (len(shots) - 1) + [LAST_FRAME_MS])


def take(url: str, out: Path) -> dict:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        chromium, page = browser.launch(playwright, viewport={"width": 1280, "height": 1100})
        try:
            browser.open_app(page, url)
            browser.instrument(page)
            clip = region(page)
            frames = draw_in_frames(page, browser.GARMENTS["T-shirt/top"], clip)
            save_gif(frames, out / "drawing.gif")
            bottom = page.locator("#stage-line").bounding_box()
            page.screenshot(path=str(out / "screenshot.png"),
                            clip={"x": 0, "y": 0, "width": 1280, "height": bottom["y"] + bottom["height"] + 16})
            answer = browser.status_text(page)
        finally:
            chromium.close()
    return {"frames": len(frames), "answer": answer, "gif": out / "drawing.gif", "screenshot": out / "screenshot.png"}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("docs"), help="folder for drawing.gif and screenshot.png")
    parser.add_argument("--url", help="an app already running (default: start python app.py)")
    args = parser.parse_args(argv)
    with contextlib.ExitStack() as stack:
        url = args.url or stack.enter_context(started_app())[1]
        result = take(url, args.out)
    for name in ("gif", "screenshot"):
        path = result[name]
        print(f"{path}: {Image.open(path).size[0]}×{Image.open(path).size[1]}, {path.stat().st_size // 1024} KB")
    print(f"{result['frames']} frames; the page said: {result['answer']}")


if __name__ == "__main__":
    main()
