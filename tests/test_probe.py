"""nin.probe: the layer-by-layer walk the page shows is the plain forward, and keeps what it is
asked to keep."""

import torch

from nin.model import NiN
from nin.preprocess import INPUT_SIZE
from nin.probe import probe, probed_layers


def random_nin() -> NiN:
    torch.manual_seed(0)
    model = NiN()
    model.reset_parameters()
    return model.eval()


def test_probe_is_the_plain_forward():
    model = random_nin()
    x = torch.randn(2, 1, INPUT_SIZE, INPUT_SIZE)
    logits, outputs, cam = probe(model, x)
    with torch.no_grad():
        assert torch.allclose(logits, model(x), atol=1e-5)
        assert torch.allclose(outputs["gap"].flatten(1), logits, atol=1e-6)
    assert list(outputs) == [layer.key for layer in probed_layers(model)]
    assert cam.shape == (2, 12, 12) and (cam >= 0).all() and cam.sum() > 0


def test_probe_keeps_only_the_layers_asked_for():
    model = random_nin()
    _, outputs, cam = probe(model, torch.randn(1, 1, INPUT_SIZE, INPUT_SIZE), keep={"block1.relu", "gap"},
                            cam_class=None)
    assert set(outputs) == {"block1.relu", "gap"} and cam is None
