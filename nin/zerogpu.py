"""On a Hugging Face ZeroGPU Space each call of a handler wrapped in ``gpu`` gets a GPU; elsewhere
``gpu`` leaves the handler as it is."""

try:
    import spaces
    gpu = spaces.GPU
    ZEROGPU = True   # the answers must run in this process, where spaces.GPU attaches the GPU
except ImportError:
    ZEROGPU = False

    def gpu(fn):
        return fn
