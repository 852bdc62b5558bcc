"""The lab: what builds and measures the model. Data, augmentation, the drawing generator,
training, evaluation and publishing. It imports the runtime (``nin``); the runtime never
imports it, and the Space and the Docker image ship without it."""
