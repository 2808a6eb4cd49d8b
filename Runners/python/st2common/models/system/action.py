"""st2common.models.system.action: the local shell actions st2's runners build, as far as pack
code and pack tests use them (the ansible pack's tests format script arguments with
`ShellScriptAction._get_script_arguments`). squall's own runners do not use this module; the
argument rules are st2's local-shell-script ones, the same as squall's runner (ShellArguments.swift):
named arguments `name=value`, each side shell-quoted, in the given order; a True boolean is the
bare name, False, None and empty strings are left out; positional arguments follow, quoted."""

import shlex


class ShellCommandAction(object):
    def __init__(self, name, action_exec_id, command, user=None, env_vars=None, sudo=False,
                 timeout=None, cwd=None, sudo_password=None):
        self.name = name
        self.action_exec_id = action_exec_id
        self.command = command
        self.user = user
        self.env_vars = env_vars or {}
        self.sudo = sudo
        self.timeout = timeout
        self.cwd = cwd
        self.sudo_password = sudo_password

    def get_full_command_string(self):
        return self.command


class ShellScriptAction(ShellCommandAction):
    def __init__(self, name, action_exec_id, script_local_path_abs, named_args=None, positional_args=None,
                 env_vars=None, user=None, sudo=False, timeout=None, cwd=None, sudo_password=None):
        super(ShellScriptAction, self).__init__(name=name, action_exec_id=action_exec_id, command=None, user=user,
                                                env_vars=env_vars, sudo=sudo, timeout=timeout, cwd=cwd,
                                                sudo_password=sudo_password)
        self.script_local_path_abs = script_local_path_abs
        self.named_args = named_args
        self.positional_args = positional_args

    def get_full_command_string(self):
        arguments = self._get_script_arguments(named_args=self.named_args, positional_args=self.positional_args)
        script = shlex.quote(self.script_local_path_abs)
        return "%s %s" % (script, arguments) if arguments else script

    def _get_script_arguments(self, named_args=None, positional_args=None):
        parts = []
        for name, value in (named_args or {}).items():
            if value is None or (isinstance(value, str) and not value):
                continue
            if isinstance(value, bool):
                if value:
                    parts.append(name)
                continue
            parts.append("%s=%s" % (shlex.quote(name), shlex.quote(str(value))))
        if positional_args:
            parts.append(" ".join(shlex.quote(str(argument)) for argument in positional_args))
        return " ".join(parts)
