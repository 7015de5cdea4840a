"""The command tree of `policyx`, built as far as a run needs it.

typer builds every command of a group (each signature read, each option made) before it parses
the line, and coerces every value with a pydantic adapter, absent values included. A run needs one
command, and most values need no pydantic. Here the group knows its commands by name and builds one
when it is run (`LazyCommands`); help and completion list the others from their registration. Values
are coerced as typer coerces them, without pydantic where it adds nothing (`QuickCoercion`); any
other value, and any value that fails, goes to typer's own coercion, so answers and messages are the same.
"""

from __future__ import annotations

import copy
import inspect
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping
from dataclasses import dataclass
from enum import Enum
from functools import cached_property
from pathlib import Path
from typing import Any, get_origin

import typer
import typer.main
from typer import _click
from typer._click.exceptions import BadParameter
from typer._coercion import RuntimeParam, TypeDescriptor, build_runtime_param
from typer._param_types import coerce_cli_choice, coerce_cli_path, lenient_issubclass
from typer.core import TyperArgument, TyperCommand, TyperOption
from typer.models import CommandInfo

_UNSURE = object()


@dataclass(frozen=True)
class QuickCoercion(RuntimeParam):
    """typer's coercion of one parameter's values, without pydantic for the values that need none.

    Taken directly: text for a text parameter, a choice named as the command line may name it,
    a number already of its type and within range, a path. Absent values are handled by
    `RuntimeParam.coerce` before any of this. Anything else, and any value these steps refuse,
    goes to the coercion typer would have built (`build_runtime_param`), built on first need.
    """

    descriptor: TypeDescriptor

    @classmethod
    def of(cls, descriptor: TypeDescriptor) -> QuickCoercion:
        """The quick coercion of a parameter typer describes so."""
        return cls(parameter_info=descriptor.parameter_info, annotation=descriptor.annotation, descriptor=descriptor)

    @cached_property
    def typer_coercion(self) -> RuntimeParam:
        """The coercion typer builds for this parameter (a pydantic adapter, mostly)."""
        return build_runtime_param(self.descriptor)

    def _coerce_value(self, value: Any, param: Any, ctx: _click.Context) -> Any:
        quick = self._quick(value, param, ctx)
        if quick is _UNSURE:
            return self.typer_coercion._coerce_value(value, param=param, ctx=ctx)
        return quick

    def _quick(self, value: Any, param: Any, ctx: _click.Context) -> Any:
        """The value as typer would coerce it, or _UNSURE when typer's own coercion must answer."""
        annotation, info = self.annotation, self.parameter_info
        if self.descriptor.file_annotation is not None or info.parser is not None or get_origin(annotation) is not None:
            return _UNSURE
        if lenient_issubclass(annotation, Enum):
            try:
                return coerce_cli_choice(value, choices=list(annotation), case_sensitive=info.case_sensitive, ctx=ctx)
            except ValueError:
                return _UNSURE
        if annotation is str:
            return value if type(value) is str else _UNSURE
        if annotation in (int, float):
            if type(value) is not annotation or info.clamp:
                return _UNSURE
            in_range = (info.min is None or value >= info.min) and (info.max is None or value <= info.max)
            return value if in_range else _UNSURE
        if lenient_issubclass(annotation, Path):
            path_type = info.path_type or annotation
            if lenient_issubclass(path_type, Path) and type(value) is str:
                value = path_type(value)  # what pydantic makes of text for a path
            try:
                return coerce_cli_path(value, info, path_type=path_type, param=param, ctx=ctx)
            except BadParameter:
                return _UNSURE
        return _UNSURE


def quicken(params: Iterable[_click.Parameter]) -> None:
    """Give typer's parameters among `params` the quick coercion, unless one is set already."""
    for param in params:
        if isinstance(param, (TyperArgument, TyperOption)) and param._runtime_param is None:
            param._runtime_param = QuickCoercion.of(param.type_descriptor)


def _command_name(info: CommandInfo) -> str:
    return info.name or typer.main.get_command_name(info.callback.__name__)


class LazyCommands(MutableMapping[str, _click.Command]):
    """The commands of a group by name, in order: each built from its registration when first looked up.

    `prepare` is applied to each command once, when it is first looked up; `summary` answers
    for help and completion, which need a command's name and short help only.
    """

    def __init__(self, commands: Mapping[str, _click.Command], prepare: Callable[[_click.Command], None]) -> None:
        self._entries: dict[str, _click.Command | CommandInfo] = dict(commands)
        self._prepared: set[str] = set()
        self._prepare = prepare
        self._options: dict[str, Any] = {}

    def register(self, infos: Iterable[CommandInfo], **options: Any) -> None:
        """Commands to build when looked up, with typer's `get_command_from_info` options."""
        self._options = options
        for info in infos:
            self._entries[_command_name(info)] = info

    def __getitem__(self, name: str) -> _click.Command:
        entry = self._entries[name]
        if isinstance(entry, CommandInfo):
            entry = self._entries[name] = typer.main.get_command_from_info(entry, **self._options)
        if name not in self._prepared:
            self._prepared.add(name)
            self._prepare(entry)
        return entry

    def __setitem__(self, name: str, command: _click.Command) -> None:
        self._entries[name] = command
        self._prepared.discard(name)

    def __delitem__(self, name: str) -> None:
        del self._entries[name]
        self._prepared.discard(name)

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def summary(self, name: str) -> _click.Command:
        """The command if built, else a stand-in with its name, help and visibility (no parameters)."""
        entry = self._entries[name]
        if not isinstance(entry, CommandInfo):
            return self[name]
        text = inspect.getdoc(entry.callback) if entry.help is None else inspect.cleandoc(entry.help)
        stand_in = TyperCommand(name, help=text, short_help=entry.short_help, hidden=entry.hidden, deprecated=entry.deprecated)
        self._prepare(stand_in)
        return stand_in


class LazyTyper(typer.Typer):
    """A Typer app whose group builds a command only when it is run (see `LazyCommands`).

    Its `cls` must keep its commands in a `LazyCommands`. `typer.main.get_command(app)`, as
    `typer.testing` uses it, still builds every command at once, and so does calling an app that
    asks for typer's pretty exceptions (typer installs their hook as it builds).
    """

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self.pretty_exceptions_enable:
            return super().__call__(*args, **kwargs)
        return self.lazy_command()(*args, **kwargs)

    def lazy_command(self) -> _click.Command:
        """The group as typer builds it, its commands registered to be built when looked up."""
        shell = copy.copy(self)
        shell.registered_commands = []
        group = typer.main.get_command(shell)
        group.commands.register(self.registered_commands, pretty_exceptions_short=self.pretty_exceptions_short,
                                rich_markup_mode=self.rich_markup_mode)
        return group
