"""Jinja2 for the templates: the search path, the sandbox, and template errors by file and line."""

from __future__ import annotations

import io
import operator
import re
import sys
import types
from collections.abc import Callable, MutableMapping, Sequence
from pathlib import Path, PurePath
from typing import Any

import jinja2
import jinja2.compiler
import jinja2.sandbox
from markupsafe import Markup, escape

from .errors import PolicyError, UnknownNameError
from .i18n import LABELS, Catalogs
from .resources import template_path
from .shown import KeyedText, current_record, note, shared_entry
from .tagsource import TagSource
from .templatecache import TemplateCache, cache_folder

__all__ = ["Templates", "template_error"]


class Templates:
    """The template search path (a user's folders first) and a Jinja2 environment per language."""

    def __init__(self, user_dirs: Sequence[Path] = ()) -> None:
        for directory in user_dirs:
            if not Path(directory).is_dir():
                raise PolicyError("the templates folder does not exist", file=directory)
        self.path = template_path(user_dirs)
        self.user_dirs = tuple(Path(d).resolve() for d in user_dirs)
        self._loader = _FolderLoader([str(p) for p in self.path])
        # Keyed by the Catalogs object itself (not its id, which a new object may reuse).
        self._environments: list[tuple[Catalogs, jinja2.Environment]] = []
        self._plain = _Sandbox(loader=self._loader)
        # Each language has its own environment (gettext is global to one); the compiled
        # templates are shared between them, and kept for the next run (see templatecache).
        self._bytecode = TemplateCache(cache_folder())
        # name -> its text, file name and whether that file is unchanged since it was read
        self._sources: dict[str, tuple[str, str, Callable[[], bool]]] = {}

    def environment(self, catalogs: Catalogs) -> jinja2.Environment:
        for known, env in self._environments:
            if known is catalogs:
                return env
        # Templates may come from anyone (a designer's folder): they run sandboxed, so they can
        # reach neither Python internals nor files, and everything they print is escaped.
        env = _Sandbox(
            loader=self._loader,
            bytecode_cache=self._bytecode,
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            extensions=["jinja2.ext.i18n", TagSource],
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            # Every policy text the template outputs is noted, for the change report.
            finalize=note,
        )

        # Translations are text, not markup: escape them so a translator's "&" or "<" cannot
        # break the document markup (newstyle gettext marks what it returns as safe).
        env.newstyle_gettext = True  # type: ignore[attr-defined]
        env.add_own_callables(_gettext_callables(catalogs))
        env.filters["paragraphs"] = _paragraphs
        env.filters["first_sentence"] = _first_sentence
        self._environments.append((catalogs, env))
        return env

    def compile_all(self, catalogs: Catalogs, names: set[str]) -> None:
        """Compile the templates ``names`` now, so that a broken one fails before any work."""
        env = self.environment(catalogs)
        for name in sorted(names):
            _, filename = self.source(name)
            try:
                env.get_template(name)
            except Exception as exc:  # sorted below into the user's mistakes and our bugs
                error = template_error(exc, filename, self)
                if error is None:
                    raise
                raise error from None

    def source(self, name: str) -> tuple[str, str]:
        """The template's text and file name."""
        # Every document asks (for the file name its errors give): a file read once is used
        # again while it is unchanged, as Jinja2 does with the template itself.
        known = self._sources.get(name)
        if known is not None and known[2]():
            return known[0], known[1]
        try:
            source, filename, uptodate = self._loader.get_source(self._plain, name)
        except _OutsideFolders as exc:
            raise PolicyError(exc.message or "") from None
        except jinja2.TemplateNotFound:
            searched = ", ".join(str(p) for p in self.path)
            raise PolicyError(f"no template '{name}' in {searched}") from None
        if uptodate is not None:
            self._sources[name] = (source, filename or name, uptodate)
        return source, filename or name


def _gettext_callables(catalogs: Catalogs) -> dict[str, Any]:
    """The template's ``gettext``, ``ngettext``, ``pgettext`` and ``npgettext`` in ``catalogs``.

    They do what Jinja2's newstyle callables do around a plain gettext (the escaped
    translation, then ``%`` with the keyword arguments and ``context``/``num``), without the
    two context calls per label that made labels in a table's rows costly. Each call notes the
    label and records the lookup, as every call did before.
    """
    escaped: dict[str, Markup] = {}  # a translation -> its escaped markup
    entries: dict[str, tuple[str, str]] = {}  # a label's key -> its catalog entry

    def label(context: str, message: str) -> Markup:
        shown = current_record()  # recorded as shared_entry gives it, without a call per label
        if shown is not None:
            entry = entries.get(context)
            if entry is None:
                entry = entries[context] = shared_entry(LABELS, context)
            shown.add(entry)
        text = catalogs.pgettext(context, message)
        markup = escaped.get(text)
        if markup is None:
            markup = escaped[text] = Markup.escape(text)
        return markup

    def formatted(markup: Markup, variables: dict[str, Any]) -> Markup:
        # Markup % {} leaves a text without "%" as it is: only format when there is one.
        return markup % variables if "%" in markup else markup

    def gettext(__string: str, **variables: Any) -> Markup:
        return formatted(label(__string, __string), variables)

    def ngettext(__singular: str, __plural: str, __num: int, **variables: Any) -> Markup:
        variables.setdefault("num", __num)
        message = __singular if __num == 1 else __plural
        return formatted(label(message, message), variables)

    def pgettext(__string_ctx: str, __string: str, **variables: Any) -> Markup:
        markup = label(__string_ctx, __string)
        if "%" not in markup:  # (as formatted says), the usual label
            return markup
        variables.setdefault("context", __string_ctx)
        return markup % variables

    def npgettext(
        __string_ctx: str, __singular: str, __plural: str, __num: int, **variables: Any
    ) -> Markup:
        variables.setdefault("context", __string_ctx)
        variables.setdefault("num", __num)
        message = __singular if __num == 1 else __plural
        return formatted(label(__string_ctx, message), variables)

    return {"gettext": gettext, "ngettext": ngettext, "pgettext": pgettext, "npgettext": npgettext}


class _OutsideFolders(jinja2.TemplateNotFound):
    """A template name that tries to leave the template folders."""


class _FolderLoader(jinja2.FileSystemLoader):
    """Templates from the template folders only: no absolute names, no ``..``, no links out."""

    def get_source(self, environment: jinja2.Environment, template: str) -> Any:
        parts = re.split(r"[/\\]", template)
        if template.startswith(("/", "\\")) or ".." in parts or ":" in template:
            raise _OutsideFolders(
                template,
                f"the template name '{template}' leaves the template folders; a template may "
                "include only templates from them, named relative to them (e.g. 'parts/x.j2')",
            )
        source, filename, uptodate = super().get_source(environment, template)
        real = Path(filename).resolve()
        if not any(real.is_relative_to(Path(p).resolve()) for p in self.searchpath):
            raise _OutsideFolders(
                template,
                f"the template '{template}' is a link to {real}, outside the template folders",
            )
        return source, filename, uptodate


# Repetition in a template (``"x" * n``, ``n ** m``) may not make more than this.
_MAX_REPEAT = 1_000_000


_UNTOUCHABLE = (PurePath, io.IOBase, types.ModuleType)
# The types of bound methods (neither can be subclassed): a value of another type is no
# ``str.format`` that the sandbox must wrap.
_METHODS = frozenset({types.MethodType, types.BuiltinMethodType})


class _CodeGenerator(jinja2.compiler.CodeGenerator):
    """Jinja2's compiler, with each ``{{ … }}`` escaped in one call instead of two.

    Jinja2 writes ``escape(environment.finalize(value))``, which makes a Markup object of
    every text a template outputs; :meth:`_Sandbox.output_text` gives the same text, escaped
    the same way, as a plain string (the output is joined into one string anyway). Blocks whose
    escaping is only known at run time keep Jinja2's code.
    """

    def _fast_output(self, frame: jinja2.compiler.Frame, finalize: Any) -> bool:
        plain_finalize = finalize.src in (None, "environment.finalize(")
        return frame.eval_ctx.autoescape and not frame.eval_ctx.volatile and plain_finalize

    def _output_child_pre(self, node: Any, frame: jinja2.compiler.Frame, finalize: Any) -> None:
        if self._fast_output(frame, finalize):
            self.write("environment.output_text(")
        else:
            super()._output_child_pre(node, frame, finalize)

    def _output_child_post(self, node: Any, frame: jinja2.compiler.Frame, finalize: Any) -> None:
        if self._fast_output(frame, finalize):
            self.write(")")
        else:
            super()._output_child_post(node, frame, finalize)


def _escape_text(text: str) -> str:
    """What markupsafe's ``escape`` makes of a string, as a plain string."""
    return (
        text.replace("&", "&amp;")
        .replace(">", "&gt;")
        .replace("<", "&lt;")
        .replace("'", "&#39;")
        .replace('"', "&#34;")
    )


try:
    # markupsafe's own escaping in C, before it makes a Markup of the result: a fifth of the
    # time of the five replacements above (which stay for a markupsafe without it).
    from markupsafe._speedups import _escape_inner as _escape_fast
except ImportError:  # pragma: no cover - a markupsafe older than 3.0, or without its C code
    _escape_fast = _escape_text


class _Sandbox(jinja2.sandbox.ImmutableSandboxedEnvironment):
    """Jinja2's immutable sandbox, which also refuses huge repetitions and powers."""

    intercepted_binops = frozenset({"*", "**"})
    code_generator_class = _CodeGenerator

    def output_text(self, value: Any) -> str:
        """``escape(finalize(value))`` as text: what ``{{ value }}`` outputs with autoescape."""
        kind = type(value)
        finalize = self.finalize
        if finalize is note:
            # The usual finalize, done here: a template outputs texts and labels by the hundred
            # per document, and only a KeyedText is noted (the same record as note's).
            if kind is KeyedText:
                shown = current_record()
                if shown is not None:
                    shown.add(value.entry)
                return _escape_fast(value)
        elif finalize is not None:
            value = finalize(value)
            kind = type(value)
        if kind is str or kind is KeyedText:  # (a KeyedText has no __html__)
            return _escape_fast(value)
        if kind is Markup:  # a label: escape() would return its text unchanged
            return value
        if finalize is note:
            note(value)  # another type: note says whether it is a text to record
        return escape(value)

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._safe_attributes: dict[tuple[type, str], bool] = {}
        self._own_callables: frozenset[Callable[..., Any]] = frozenset()
        # A method's function -> whether calling it needs neither a refusal nor a context.
        self._plain_methods: dict[Callable[..., Any], bool] = {}

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        # A template's globals as one dict rather than Jinja2's ChainMap over the environment's,
        # which every render (and every import) copies key by key in Python. A later change to
        # the environment's globals would not reach a template loaded before it: ours are set
        # up with the environment (see Templates.environment), before any template is loaded.
        return {**self.globals, **(d or {})}

    def add_own_callables(self, callables: dict[str, Callable[..., Any]]) -> None:
        """Give the templates these functions of ours, called without the sandbox's checks."""
        self.globals.update(callables)
        self._own_callables |= frozenset(callables.values())

    def call(self, context: Any, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        # Jinja2 checks every call for callables marked unsafe (``unsafe_callable``,
        # ``alters_data``) and for those that ask for the template's context. A template calls
        # the same few functions in every row: our labels need neither; a built-in method has
        # neither mark; a method has the marks of its function, which are looked at once.
        kind = type(obj)
        if kind is types.FunctionType:
            plain = obj in self._own_callables
        elif kind is types.MethodType:
            plain = self._plain_methods.get(obj.__func__)
            if plain is None:
                asks = getattr(obj, "jinja_pass_arg", None)  # @pass_context and the like
                plain = self.is_safe_callable(obj) and asks is None
                self._plain_methods[obj.__func__] = plain
        else:
            plain = kind is types.BuiltinMethodType
        if not plain:
            return super().call(context, obj, *args, **kwargs)
        kwargs.pop("_loop_vars", None)
        kwargs.pop("_block_vars", None)
        try:
            return obj(*args, **kwargs)
        except StopIteration:  # as Jinja2's Context.call answers it
            return self.undefined(
                "value was undefined because a callable raised a StopIteration exception"
            )

    def getattr(self, obj: Any, attribute: str) -> Any:
        # Jinja2's own (``x.name`` in a template), with the common case answered first: a name
        # already found safe on the object's class, whose value is no method (only a str's
        # ``format`` methods need wrapping). Anything else takes Jinja2's way.
        try:
            value = getattr(obj, attribute)
        except AttributeError:
            try:
                return obj[attribute]
            except (TypeError, LookupError):
                return self.undefined(obj=obj, name=attribute)
        kind = type(obj)
        if (
            type(value) not in _METHODS
            and obj.__class__ is kind
            and self._safe_attributes.get((kind, attribute))
        ):
            return value
        wrapped = self.wrap_str_format(value)
        if wrapped is not None:
            return wrapped
        if self.is_safe_attribute(obj, attribute, value):
            return value
        return self.unsafe_undefined(obj, attribute)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        # Every check (ours and Jinja2's) depends only on the object's class and the name, and
        # a template asks the same few hundred thousands of times: answer each pair once. An
        # object that claims another class than its type (a proxy) is checked every time.
        kind = type(obj)
        if obj.__class__ is not kind:
            return self._is_safe_attribute(obj, attr, value)
        known = self._safe_attributes.get((kind, attr))
        if known is None:
            known = self._safe_attributes[kind, attr] = self._is_safe_attribute(obj, attr, value)
        return known

    def _is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        # The policy holds paths (its source file, the logo): their methods read and write
        # files, so a template may print a path but use none of its attributes.
        if isinstance(obj, _UNTOUCHABLE):
            return False
        return super().is_safe_attribute(obj, attr, value)

    def call_binop(self, context: Any, operator_name: str, left: Any, right: Any) -> Any:
        if operator_name == "**":
            if isinstance(right, int) and abs(right) > 1000:
                raise jinja2.sandbox.SecurityError(f"the power {right} is too large")
            return operator.pow(left, right)
        for count, item in ((right, left), (left, right)):
            sized = isinstance(count, int) and hasattr(item, "__len__")
            if sized and count * len(item) > _MAX_REPEAT:
                raise jinja2.sandbox.SecurityError("the repetition makes too long a value")
        return operator.mul(left, right)


def _paragraphs(text: str) -> list[str]:
    """Split a text from the policy file into paragraphs at blank lines."""
    note(text)
    return [part.strip() for part in text.split("\n\n") if part.strip()]


def _first_sentence(text: str) -> str:
    """The first sentence of a text from the policy file (a slide's point from its prose)."""
    return _SENTENCE_END.split(" ".join(text.split()), maxsplit=1)[0]


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[^\s\w]*[A-ZÅÄÖ0-9])")


def template_error(exc: Exception, filename: str, templates: Templates) -> PolicyError | None:
    """The PolicyError for a template's mistake, naming its file and line; None for our bugs."""
    where, line = _template_frame(templates, filename)
    if isinstance(exc, jinja2.TemplateSyntaxError):
        where, line = exc.filename or where, exc.lineno
        return PolicyError(f"template error: {exc.message}", file=where, line=line)
    if isinstance(exc, _OutsideFolders):
        return PolicyError(f"template error: {exc.message}", file=where, line=line)
    if isinstance(exc, jinja2.TemplateNotFound):
        searched = ", ".join(str(p) for p in templates.path)
        return PolicyError(
            f"template error: no template '{exc.name}' in the template folders ({searched})",
            file=where,
            line=line,
        )
    if isinstance(exc, jinja2.sandbox.SecurityError):
        return PolicyError(
            f"template error: not allowed in a template ({exc}); templates may use the "
            "policy's values but not reach Python internals or files",
            file=where,
            line=line,
        )
    if isinstance(exc, jinja2.TemplateError):
        return PolicyError(f"template error: {exc.message}", file=where, line=line)
    if isinstance(exc, UnknownNameError):  # policy.area('…') naming an area the policy lacks
        return PolicyError(f"template error: {exc}", file=where, line=line)
    # Any other failure inside a user's template is that template's mistake; in ours, a bug.
    if any(Path(where).resolve().is_relative_to(d) for d in templates.user_dirs):
        return PolicyError(f"template error: {type(exc).__name__}: {exc}", file=where, line=line)
    return None


def _template_frame(templates: Templates, filename: str) -> tuple[str, int | None]:
    """The innermost template file and line of the exception being handled, if known.

    Jinja2 rewrites a render's traceback so that its frames name template files and lines.
    """
    folders = [Path(p).resolve() for p in templates.path]
    traceback = sys.exc_info()[2]
    where, line = filename, None
    while traceback is not None:
        name = traceback.tb_frame.f_code.co_filename
        if name == filename or any(Path(name).resolve().is_relative_to(f) for f in folders):
            where, line = name, traceback.tb_lineno
        traceback = traceback.tb_next
    return where, line
