"""Entry point of a python-script child: talks to the supervisor and runs one action.

Environment: SQUALL_CHANNEL (ipc:// endpoint of the supervisor's ROUTER) and SQUALL_EXECUTION_ID.
Protocol: ARCHITECTURE.md, "The child protocol". Imports are kept minimal for start-up speed.
"""

import os
import sys

# Exit code st2 uses when run() returns a (status, result) tuple whose status is not a bool.
INVALID_STATUS_EXIT_CODE = 220


def append_st2_runtime_layer():
    """st2's runtime packages (SQUALL_ST2_LAYER_PATH) go after the venv's site-packages, as st2's
    own virtualenv goes after a pack's: packs import them unlisted, and a pack's own pins win."""
    layer = os.environ.get("SQUALL_ST2_LAYER_PATH")
    if layer and layer not in sys.path:
        sys.path.append(layer)


def load_module(path, loader_class=None):
    """Imports the entry-point file as a module named after it, its directory on sys.path;
    loader_class, when given, loads it (a pack_bytecode loader)."""
    directory = os.path.dirname(os.path.realpath(path))
    if directory not in sys.path:
        sys.path.append(directory)
    name = os.path.splitext(os.path.basename(path))[0]
    try:
        # The import system's own (already loaded) machinery: importlib.util would cost ~2 ms.
        from _frozen_importlib import module_from_spec
        from _frozen_importlib_external import spec_from_file_location
    except ImportError:
        from importlib.util import module_from_spec, spec_from_file_location
    spec = spec_from_file_location(name, path, loader=loader_class(name, path) if loader_class else None)
    if spec is None:
        raise ImportError("cannot import action file %s" % path)
    module = module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def find_action_class(module):
    """The first class, by name, defined in the module itself that has a run method."""
    for name in sorted(vars(module)):
        candidate = getattr(module, name)
        if (isinstance(candidate, type) and candidate.__module__ == module.__name__
                and callable(getattr(candidate, "run", None))):
            return candidate
    raise Exception("No action class with a run() method found in %s" % module.__file__)


def instantiate(action_class, config, action_service):
    if action_class.__init__ is object.__init__:
        # A plain class without a constructor (st2 itself would fail here with a TypeError).
        instance = action_class()
        instance.config = config
        instance.action_service = action_service
        return instance
    try:
        return action_class(config=config, action_service=action_service)
    except TypeError as error:
        if "action_service" not in str(error):
            raise
        # Older actions define __init__(self, config) only.
        instance = action_class(config=config)
        instance.action_service = action_service
        return instance


def result_message(output):
    """Applies st2's result rules; returns (message, exit code)."""
    status = None
    result = output
    if isinstance(output, tuple) and len(output) == 2:
        status, result = output
        if status is not None and not isinstance(status, bool):
            text = ("Status returned from the action run() method must either be True or False, "
                    "got: %s" % (status,))
            sys.stderr.write(text + "\n")
            return {"type": "error", "exit_code": INVALID_STATUS_EXIT_CODE, "message": text}, INVALID_STATUS_EXIT_CODE
    # Encoded as st2 encodes it (orjson): datetimes as strings, its fallbacks for the rest.
    from squall_runtime.st2_json import st2_result

    return {"type": "result", "status": status, "result": st2_result(status, result)}, 0


def receive_execute(channel):
    while True:
        message = channel.receive()
        if message.get("type") == "execute":
            return message


def run(channel, request):
    import squall_runtime
    from squall_runtime import pack_bytecode
    from squall_runtime.action_service import ActionService

    squall_runtime.log_level = request.get("log_level") or "DEBUG"
    loader_class = pack_bytecode.install(sys.prefix + "/" + pack_bytecode.DIRECTORY_NAME)
    action_class = find_action_class(load_module(request["entry_point"], loader_class))
    service = ActionService(channel, request["pack"], action_class.__name__, user=request.get("user"))
    action = instantiate(action_class, request.get("config") or {}, service)
    output = action.run(**(request.get("parameters") or {}))
    return result_message(output)


def main():
    append_st2_runtime_layer()
    from squall_runtime import channel as channel_module

    endpoint = os.environ["SQUALL_CHANNEL"]
    execution_id = os.environ["SQUALL_EXECUTION_ID"]
    channel = channel_module.Channel(endpoint)
    channel_module.current = channel
    channel.send({"type": "hello", "execution_id": execution_id, "pid": os.getpid()})
    request = receive_execute(channel)
    # An uncaught exception propagates: Python prints the traceback on stderr and exits 1.
    message, exit_code = run(channel, request)
    sys.stdout.flush()
    channel.send(message)
    channel.close()
    return exit_code


def exit_without_teardown(exit_code):
    """Ends the child without the interpreter's teardown of modules and objects (~15% of a trivial
    action's instructions, measured), keeping what an action can observe of a normal exit: its
    atexit functions run and the standard streams are flushed. While non-daemon threads run, the
    normal exit is taken instead, which waits for them as st2's wrapper does."""
    threading = sys.modules.get("threading")
    if threading is not None:
        main_thread = threading.main_thread()
        if any(t is not main_thread and t.is_alive() and not t.daemon for t in threading.enumerate()):
            sys.exit(exit_code)
    import atexit
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass
    os._exit(exit_code)


if __name__ == "__main__":
    exit_without_teardown(main())
