"""CPU time of a whole process tree, for the benches: the server, its warm hosts and every
execution they fork, wherever they go in squall's own (v1) cgroups. A process started with
`preexec_fn=tree.join` joins a directory of the unified (v2) hierarchy, which a hybrid cgroup
host mounts at /sys/fs/cgroup/unified and which accounts CPU whatever the v1 controllers do;
its descendants stay there. On a v2-only host squall moves its children out of it, so `seconds()`
answers None there (and when not root)."""
import os

UNIFIED = "/sys/fs/cgroup/unified"


class TreeCPU:
    def __init__(self, name):
        self.path = None
        if os.path.exists(os.path.join(UNIFIED, "cgroup.procs")):
            path = os.path.join(UNIFIED, "%s-%d" % (name, os.getpid()))
            try:
                os.makedirs(path, exist_ok=True)
                self.path = path
            except OSError:
                pass

    def join(self):
        """In the child before exec (preexec_fn): the tree starts here."""
        if self.path:
            with open(os.path.join(self.path, "cgroup.procs"), "w") as handle:
                handle.write(str(os.getpid()))

    def seconds(self):
        if not self.path:
            return None
        with open(os.path.join(self.path, "cpu.stat")) as handle:
            for line in handle:
                if line.startswith("usage_usec "):
                    return int(line.split()[1]) / 1e6
        return None

    def remove(self):
        if self.path:
            try:
                os.rmdir(self.path)
            except OSError:
                pass


def process_seconds(pid):
    """One process's own CPU (all its threads, not its children)."""
    with open("/proc/%d/stat" % pid) as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
