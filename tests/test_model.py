"""The foundation: the seed's NiN, its shape table, input sizes, and the data."""

import subprocess
import sys

import pytest
import torch

from nin.lab.data import load_split
from nin.model import NiN, count_parameters, min_input_size
from nin.preprocess import CLASSES, to_model_input
from nin.summary import d2l_lines, format_table, layer_table

# d2l's listing for a 1x1x224x224 input, in order.
D2L_LINES = [
    "Sequential output shape: torch.Size([1, 96, 54, 54])",
    "MaxPool2d output shape: torch.Size([1, 96, 26, 26])",
    "Sequential output shape: torch.Size([1, 256, 26, 26])",
    "MaxPool2d output shape: torch.Size([1, 256, 12, 12])",
    "Sequential output shape: torch.Size([1, 384, 12, 12])",
    "MaxPool2d output shape: torch.Size([1, 384, 5, 5])",
    "Dropout output shape: torch.Size([1, 384, 5, 5])",
    "Sequential output shape: torch.Size([1, 10, 5, 5])",
    "AdaptiveAvgPool2d output shape: torch.Size([1, 10, 1, 1])",
    "Flatten output shape: torch.Size([1, 10])",
]


def test_summary_lines_equal_the_seed():
    assert d2l_lines(224) == D2L_LINES


def test_summary_cli_prints_the_d2l_listing():
    out = subprocess.run([sys.executable, "-m", "nin.summary", "--size", "224"], capture_output=True,
                         text=True, check=True).stdout
    assert out.splitlines() == D2L_LINES


def test_verbose_table_adds_inner_layers_params_and_macs():
    rows = layer_table(224)
    inner = [r for r in rows if r.inner]
    assert len(inner) == 4 * 6  # conv, relu, two 1x1 convs and their relus per block
    conv1 = next(r for r in rows if r.name == "block1.conv")
    assert conv1.params == 96 * 11 * 11 + 96
    assert conv1.macs == 96 * 54 * 54 * 11 * 11
    block2 = next(r for r in rows if r.name == "block2")
    assert block2.macs == sum(r.macs for r in rows if r.name.startswith("block2."))
    text = format_table(rows)
    assert "block3.conv1x1_a" in text and "1,992,166" in text


def test_parameter_count_and_names():
    model = NiN()
    assert count_parameters(model) == 1_992_166
    names = [name for name, _ in model.named_children()]
    assert names == ["block1", "pool1", "block2", "pool2", "block3", "pool3", "dropout", "block4", "gap", "flatten"]
    assert [type(m).__name__ for m in model.block1] == ["Conv2d", "ReLU", "Conv2d", "ReLU", "Conv2d", "ReLU"]
    assert model.block1.conv1x1_a.kernel_size == (1, 1)


@pytest.mark.parametrize("size", [224, 96, 67, 300])
def test_forward_gives_ten_logits_at_any_big_enough_size(size):
    model = NiN().eval()
    with torch.no_grad():
        out = model(torch.randn(3, 1, size, size))
    assert out.shape == (3, 10)


def test_too_small_input_says_so():
    assert min_input_size() == 67
    with pytest.raises(ValueError, match="at least 67 pixels"):
        NiN()(torch.zeros(1, 1, 66, 66))
    with pytest.raises(ValueError, match="1-channel"):
        NiN()(torch.zeros(1, 3, 224, 224))
    with pytest.raises(ValueError, match=r"\[N, 1, H, W\]"):
        NiN()(torch.zeros(1, 224, 224))
    result = subprocess.run([sys.executable, "-m", "nin.summary", "--size", "40"], capture_output=True, text=True)
    assert result.returncode != 0 and "too small" in result.stderr and "Traceback" not in result.stderr


def test_preprocessing_maps_a_garment_to_the_model_input():
    garments = torch.zeros(2, 28, 28, dtype=torch.uint8)
    garments[:, 10:18, 10:18] = 255
    x = to_model_input(garments)
    assert x.shape == (2, 1, 224, 224)
    assert x[0, 0, 0, 0] < 0 < x[0, 0, 112, 112]  # dark background below the mean, garment above
    assert len(CLASSES) == 10 and CLASSES[0] == "T-shirt/top" and CLASSES[9] == "Ankle boot"


def test_data_loader_reads_the_shared_copy(data_dir):
    train_x, train_y = load_split(data_dir, train=True)
    test_x, test_y = load_split(data_dir, train=False)
    assert train_x.shape == (60_000, 28, 28) and train_x.dtype == torch.uint8
    assert test_x.shape == (10_000, 28, 28)
    assert train_y.min() == 0 and train_y.max() == 9
    assert torch.bincount(test_y).tolist() == [1000] * 10


def test_missing_data_gives_a_clear_message(tmp_path):
    with pytest.raises(FileNotFoundError, match="--data-dir"):
        load_split(tmp_path, train=False)
