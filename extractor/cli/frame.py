"""How `policyx` speaks: the language of a run, help in Chinese or English, usage errors with a
code, the options every command shares, reading a notice from a file or standard input, and
writing a report atomically.

The language is `--lang zh|en` wherever it stands on the line, else the first of LC_ALL,
LC_MESSAGES and LANG that is set (en… is English, anything else Chinese), else Chinese. Help
is written in Chinese in the commands (`T(中文, English)` records the English); a run in English
swaps every help text of the command tree before it is parsed, so `--lang en --help` works
wherever `--lang` stands. Codes, option names and the words of a notice are the same in both.
"""

from __future__ import annotations

import inspect
import os
import re
import sys
from collections.abc import Callable, Sequence
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
import typer.core
from typer import _click
from typer._click.exceptions import NoArgsIsHelpError
from typer._click.exceptions import UsageError as ClickUsageError
from typer._click.shell_completion import CompletionItem
from typer._coercion import bool_flag_type_descriptor, resolve_type_descriptor
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption
from typer.models import OptionInfo

from ..errors import EX_USAGE, PolicyxError, ReportUnwritableError, UsageError
from ..render.language import language, say, set_language, use_language
from .lazy import LazyCommands, quicken

if TYPE_CHECKING:
    from decimal import Decimal

HELP_EN: dict[str, str] = {}
SETTINGS = {"quiet": False, "verbose": False}


# A line break inside a paragraph of Chinese: help is rewrapped with spaces between lines, Chinese has none.
CJK_BREAK = re.compile(r"(?<=[^\x00-\x7f])\n[ \t]*(?=\S)|(?<=\S)\n[ \t]*(?=[^\x00-\x7f])")


def T(zh: str, en: str) -> str:
    r"""A help text: the Chinese (lines of a paragraph joined without spaces), its English recorded for a run in English.

    >>> T("第一行\n    第二行。\n\n    示例：policyx show", "One.\n\nExample: policyx show")
    '第一行第二行。\n\n示例：policyx show'
    """
    zh = "\n\n".join(CJK_BREAK.sub("", part) for part in inspect.cleandoc(zh).split("\n\n"))
    HELP_EN[zh] = inspect.cleandoc(en)
    return zh


class Lang(StrEnum):
    """Languages of messages, labels and help."""

    zh = "zh"
    en = "en"


def choose_language(args: Sequence[str], environ: dict[str, str]) -> str:
    """--lang on the line, else the locale of the environment, else Chinese.

    >>> choose_language(["show", "x", "--lang", "en"], {}), choose_language([], {"LANG": "en_US.UTF-8"})
    ('en', 'en')
    >>> choose_language([], {"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US"}), choose_language([], {"LANG": "C.UTF-8"})
    ('zh', 'zh')
    """
    for k, arg in enumerate(args):
        if arg == "--":
            break
        value = args[k + 1] if arg == "--lang" and k + 1 < len(args) else arg[7:] if arg.startswith("--lang=") else None
        if value in ("zh", "en"):
            return value
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if environ.get(name):
            return "en" if environ[name].lower().startswith("en") else "zh"
    return "zh"


# typer's own words in help pages (section titles, [required]…), in Chinese.
BUILTIN_ZH = {"Arguments": "参数", "Options": "选项", "Commands": "命令", "required": "必填", "(dynamic)": "（动态）",
              "default: {default}": "默认：{default}", "env var: {var}": "环境变量：{var}", "Aborted!": "已中止。"}


def _builtin(text: str) -> str:
    return BUILTIN_ZH.get(text, text) if language() == "zh" else text


# Click's usage errors, in Chinese: (pattern, replacement), the first that matches.
USAGE_ZH = [
    (r"No such option: (\S+)\s*\(Possible options: (.+)\)$", r"没有选项 \1（可用的有 \2）"),
    (r"No such option: (\S+)\s*Did you mean (.+)\?$", r"没有选项 \1，是否想用 \2？"),
    (r"No such option: (\S+)$", r"没有选项 \1"),
    (r"No such command '(.+?)'\.\s*Did you mean (.+)\?$", r"没有命令 \1，是否想用 \2？"),
    (r"No such command '(.+?)'\.$", r"没有命令 \1"),
    (r"Missing command\.$", r"缺少命令"),
    (r"Missing argument '(.+)'\.", r"缺少参数 \1"),
    (r"Missing option '(.+)'\.", r"缺少选项 \1"),
    (r"Option '(.+)' requires an argument\.", r"选项 \1 需要一个值"),
    (r"Got unexpected extra argument(?:s|\(s\))? \((.*)\)", r"多余的参数：\1（含空格的词请加引号）"),
    (r"Invalid value for (.+?): '(.*)' is not one of (.+)\.$", r"\1 的值“\2”无效，可选：\3"),
    (r"Invalid value for (.+?): (?:File|Path|Directory|file|dir|path) '(.+)' does not exist\.", r"\1：“\2”不存在"),
    (r"Invalid value for (.+?): Input should be a valid integer.*", r"\1 的值应为整数"),
    (r"Invalid value for (.+?): Input should be a valid number.*", r"\1 的值应为数"),
    (r"Invalid value for (.+?): (?:File|Path) '(.+)' is a directory\.", r"\1：“\2”是目录，应为文件"),
    (r"Invalid value for (.+?): (?:Directory|Path) '(.+)' is a file\.", r"\1：“\2”是文件，应为目录"),
    (r"Invalid value for (.+?): '(.*)' is not a valid (integer|float)(?: range)?\.", r"\1 的值“\2”不是数"),
    (r"Invalid value for (.+?): (.+) is not in the range (.+)\.", r"\1 的值 \2 超出范围 \3"),
    (r"Invalid value for (.+?): (.*)", r"\1 的值无效：\2"),
]


def usage_message(exc: ClickUsageError) -> str:
    """The message of a usage error in the language in use."""
    message = exc.format_message().replace("Value error, ", "")
    if language() == "zh":
        for pattern, replacement in USAGE_ZH:
            if re.match(pattern, message, flags=re.S):
                return re.sub(pattern, replacement, message, count=1, flags=re.S).rstrip()
    return message


def show_usage_error(exc: ClickUsageError) -> None:
    """`ERROR [E_USAGE] policyx calc: message`, the usage line and where help is, on stderr."""
    where = exc.ctx.command_path if exc.ctx else "policyx"
    lines = [f"ERROR [E_USAGE] {where}: {usage_message(exc)}"]
    if exc.ctx:
        lines += [exc.ctx.get_usage(), say(f"详见 {where} --help", f"See {where} --help")]
    typer.echo("\n".join(lines), err=True)


# Options every command takes: the language, and how much is said on stderr.
def _set_language(ctx: _click.Context, param: Any, value: str | None) -> None:
    if value:
        set_language(str(value))


def _setting(name: str) -> Callable[[_click.Context, Any, bool], None]:
    def store(ctx: _click.Context, param: Any, value: bool) -> None:
        if value:
            SETTINGS[name] = True
    return store


def shared_options() -> list[TyperOption]:
    """--lang, -q/--quiet and -v/--verbose, for a command or the group."""
    lang = TyperOption(param_decls=["--lang"], type_descriptor=resolve_type_descriptor(Lang, OptionInfo()),
                       default=None, expose_value=False, is_eager=True, callback=_set_language, metavar="[zh|en]",
                       help=T("消息、标签和帮助的语言（默认按 LANG：en* 为英文，其余为中文）。",
                              "Language of messages, labels and help (default from LANG: en* English, else Chinese)."))
    quiet = TyperOption(param_decls=["--quiet", "-q"], type_descriptor=bool_flag_type_descriptor(), is_flag=True,
                        default=False, expose_value=False, callback=_setting("quiet"),
                        help=T("只输出结果和错误：不显示进度和提示。", "Only results and errors: no progress, no notes."))
    verbose = TyperOption(param_decls=["--verbose", "-v"], type_descriptor=bool_flag_type_descriptor(), is_flag=True,
                          default=False, expose_value=False, callback=_setting("verbose"),
                          help=T("多说一些：逐个文件的状态、读取时记下的 W_* 问题。",
                                 "Say more: each document's status, the W_* issues noted while reading."))
    return [lang, quiet, verbose]


class _Argument(TyperArgument):
    """An argument shown by its metavar alone (FILE, not `file <file>`), bracketed when optional."""

    def display_type_rich(self, ctx: _click.Context) -> str | None:
        return None

    def _usage_display_name(self) -> str:
        name = self.display_name_raw if self.required else f"[{self.display_name_raw}]"
        return name + ("..." if self.nargs != 1 else "")


# typer's help of the completion options, in Chinese.
COMPLETION_ZH = {
    "Install completion for the current shell.": "为当前 shell 安装命令补全。",
    "Show completion for the current shell, to copy it or customize the installation.":
        "显示当前 shell 的补全脚本，可复制或自行安装。",
}


def _prepare(command: _click.Command) -> None:
    """Metavars instead of Python types, help in the language in use, values coerced without needless pydantic."""
    quicken(command.params)
    english = language() == "en"
    if english and command.help:
        command.help = HELP_EN.get(inspect.cleandoc(command.help), command.help)
    for param in command.params:
        if not english and param.help in COMPLETION_ZH:
            param.help = COMPLETION_ZH[param.help]
        if isinstance(param, TyperArgument) and type(param) is TyperArgument:
            param.__class__ = _Argument
            param.metavar = param.metavar or param.name.upper()
        elif isinstance(param, TyperOption) and not param.is_flag and param.metavar is None:
            param.metavar = param.name.upper()
        if english and param.help:
            param.help = HELP_EN.get(inspect.cleandoc(param.help), param.help)


def _usage(command: _click.Command, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
    command.options_metavar = say("[选项]", "[OPTIONS]")
    formatter.write_usage(ctx.command_path, " ".join(command.collect_usage_pieces(ctx)), prefix=say("用法：", "Usage: "))


def _help_option(option: TyperOption | None) -> TyperOption | None:
    if option is not None:
        option.help = say("显示本帮助并退出。", "Show this message and exit.")
        quicken([option])
    return option


class Command(TyperCommand):
    """A policyx command: the shared options, help in the language in use."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.params += shared_options()

    def format_usage(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        _usage(self, ctx, formatter)

    def get_help_option(self, ctx: _click.Context) -> TyperOption | None:
        return _help_option(super().get_help_option(ctx))


class Group(TyperGroup):
    """The policyx group: chooses the language, renders library errors and usage errors with their codes.

    Its commands are a `LazyCommands`: built, and given the language in use, when first looked up;
    help and completion list them by their registration (`LazyCommands.summary`).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.params += shared_options()
        self.commands = LazyCommands(self.commands, prepare=_prepare)

    def list_commands(self, ctx: _click.Context) -> list[str]:
        return list(self.commands)

    def _listed(self, ctx: _click.Context, incomplete: str = "") -> list[tuple[str, _click.Command]]:
        """The visible commands whose names start with `incomplete`, as help and completion show them."""
        listed = [(name, self.commands.summary(name)) for name in self.list_commands(ctx) if name.startswith(incomplete)]
        return [(name, command) for name, command in listed if not command.hidden]

    def format_commands(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        commands = self._listed(ctx)
        if commands:
            limit = formatter.width - 6 - max(len(name) for name, _ in commands)
            with formatter.section(_builtin("Commands")):
                formatter.write_dl([(name, command.get_short_help_str(limit)) for name, command in commands])

    def shell_complete(self, ctx: _click.Context, incomplete: str) -> list[CompletionItem]:
        items = [CompletionItem(name, help=command.get_short_help_str()) for name, command in self._listed(ctx, incomplete)]
        return items + super(TyperGroup, self).shell_complete(ctx, incomplete)

    def format_usage(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        self.subcommand_metavar = say("命令 [参数]...", "COMMAND [ARGS]...")
        _usage(self, ctx, formatter)

    def get_help_option(self, ctx: _click.Context) -> TyperOption | None:
        return _help_option(super().get_help_option(ctx))

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        args = list(sys.argv[1:] if args is None else args)
        with use_language(choose_language(args, dict(os.environ))):  # this run's; the caller's again after it
            code = self._run(args, prog_name, complete_var, **extra)
        code = code if isinstance(code, int) else 0
        if not standalone_mode:
            return code
        sys.exit(code)

    def _run(self, args: list[str], prog_name: str | None, complete_var: str | None, **extra: Any) -> Any:
        SETTINGS.update(quiet=False, verbose=False)
        typer.core._ = _builtin  # typer's section titles and [required] in the language in use
        _prepare(self)  # and each command when it is looked up
        try:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except NoArgsIsHelpError as exc:
            typer.echo(exc.ctx.get_help(), err=True)
            return EX_USAGE
        except ClickUsageError as exc:
            show_usage_error(exc)
            return EX_USAGE
        except _click.ClickException as exc:
            exc.show()
            return exc.exit_code
        except typer.Abort:
            typer.echo(say("已中止。", "Aborted."), err=True)
            return 1

    def invoke(self, ctx: _click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PolicyxError as exc:
            from ..render.labels import exception_line

            typer.echo(exception_line(exc), err=True)
            raise typer.Exit(exc.exit_code) from exc


# Reading and writing.

def notice_argument(file: str, doc_id: str | None = None):
    """The notice a command was pointed at: a file, or standard input for `-` (named `--id`, else stdin)."""
    from ..pipeline import run, run_bytes

    if file == "-":
        if sys.stdin.isatty():
            raise UsageError("standard input is a terminal", code="E_USAGE", hint="pipe a notice in: cat FILE | policyx …",
                             zh="标准输入是终端", zh_hint="用管道送入通知：cat 文件 | policyx …")
        return run_bytes(sys.stdin.buffer.read(), name=doc_id or "stdin")
    path = Path(file)
    if not path.exists():
        raise UsageError(f"no such file: {file}", code="E_USAGE", hint="give a notice file, or - for standard input",
                         zh=f"文件不存在：{file}", zh_hint="给出通知文件，或用 - 读标准输入")
    return run(path, doc_id=doc_id)


def refuse_stdin(*paths: Path) -> None:
    """A usage error for `-` given to a command that reads files or folders only."""
    if any(str(path) == "-" for path in paths):
        raise UsageError("this command reads files or folders, not standard input", code="E_USAGE",
                         hint="save the notice to a file first", zh="此命令读取文件或目录，不读标准输入",
                         zh_hint="先把通知存成文件")


def emit(text: str, out: Path | None) -> None:
    """The report to standard output, or written atomically to `out` (exit 2, E_OUTPUT_UNWRITABLE, when it cannot be)."""
    text = text if text.endswith("\n") else text + "\n"
    if out is None or str(out) == "-":
        sys.stdout.write(text)
        return
    write_report(out, text.encode("utf-8"))


def write_report(out: Path, data: bytes) -> None:
    """Bytes written atomically to `out`; a path that cannot be written is a usage error naming it."""
    from ..store import atomic_write_bytes

    try:
        atomic_write_bytes(out, data)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise ReportUnwritableError(f"cannot write the report ({reason})", path=out,
                                    hint="choose a writable path with -o", zh=f"无法写入报告（{reason}）",
                                    zh_hint="用 -o 指定可写的路径") from exc


def note(message: str) -> None:
    """A note for the person at the terminal (stderr), unless --quiet."""
    if not SETTINGS["quiet"]:
        typer.echo(message, err=True)


def note_issues(notice) -> None:
    """With --verbose, the W_* issues noted while reading a notice, on stderr."""
    if SETTINGS["verbose"]:
        for issue in notice.issues:
            message = say(issue.message_zh or issue.message, issue.message)
            typer.echo(f"{issue.code} {notice.id}: {message}", err=True)


def amount_option(value: str | None, option: str) -> Decimal | None:
    """An amount given on the line (500万, 1.2亿元, 30,000 元, 3000000); a usage error when it is none."""
    if value is None:
        return None
    from decimal import Decimal

    from ..extract.money import amount_of

    amount = amount_of(value)
    if amount is None:
        try:
            amount = Decimal(value.replace(",", "").strip())
        except ArithmeticError:
            amount = None
    if amount is None or not amount.is_finite():
        raise typer.BadParameter(say(f"“{value}”不是金额（例如 500万、1.2亿元、30,000 元）",
                                     f"{value!r} is no amount (write 500万, 1.2亿元 or 30,000 元)"), param_hint=option)
    return amount


def number_option(value: str | None, option: str) -> Decimal | None:
    """A count or a number of years given on the line (3, 2.5); a usage error when it is none."""
    if value is None:
        return None
    from decimal import Decimal

    try:
        number = Decimal(value.replace(",", "").strip())
    except ArithmeticError:
        number = None
    if number is None or not number.is_finite():
        raise typer.BadParameter(say(f"“{value}”不是数", f"{value!r} is no number"), param_hint=option)
    return number


def date_option(value: str | None, option: str) -> date | None:
    """A day given on the line (2026-12-03, 2026年12月3日); a usage error when it is none."""
    if value is None:
        return None
    from ..dates import parse_date

    try:
        day = date.fromisoformat(value)
    except ValueError:
        day = parse_date(value)
    if day is None:
        raise typer.BadParameter(say(f"“{value}”不是日期（例如 2026-12-03）", f"{value!r} is no date (e.g. 2026-12-03)"),
                                 param_hint=option)
    return day
