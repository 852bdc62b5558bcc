"""On a Hugging Face ZeroGPU Space each call of a handler wrapped in ``gpu`` gets a GPU; elsewhere
``gpu`` leaves the handler as it is."""

try:
    import spaces
    gpu = spaces.GPU
except ImportError:
    def gpu(fn):
        return fn
