"""Fashion-MNIST's class names, in label order (index = label): a module without torch, so that
API clients such as benchmarks/load.py can check the labels the app answers with."""

CLASSES = (
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
)
