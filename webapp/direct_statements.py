"""Statements compiled by SQLAlchemy once, then run straight on the pooled connection's DBAPI cursor.

Every questionnaire request looks its response up, and every save writes it back. For such a
small statement, SQLAlchemy's execution layer (cache key, execution context, result metadata)
costs the web worker about as much CPU as the database round trip itself. A `DirectStatement` is
compiled once per dialect, converts values with SQLAlchemy's own bind and result processors (so
rows read the same as through SQLAlchemy, on SQLite as on PostgreSQL), and runs on the DBAPI
cursor of a connection checked out from SQLAlchemy's pool, whose checks still apply.

What callers rely on is kept: `before_cursor_execute` and `after_cursor_execute` listeners see
each statement (query logging, tracing and the fault tests keep working), and when the driver
raises, the statement is run once more through SQLAlchemy, which either succeeds (a passing
fault) or raises its own error and handles a lost connection as usual.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Dialect
from sqlalchemy.sql import Executable

Processor = Callable[[Any], Any] | None


@dataclass(frozen=True)
class _Compiled:
    compiled: Any  # SQLCompiler
    sql: str
    bind_processors: dict[str, Callable[[Any], Any]]
    result_processors: tuple[Processor, ...]

    def parameters(self, values: Mapping[str, Any]) -> Any:
        """The DBAPI parameters for `values`: converted, then named or in order as the driver wants."""
        parameters = self.compiled.construct_params(dict(values))
        for name, process in self.bind_processors.items():
            parameters[name] = process(parameters[name])
        if self.compiled.positional:
            return tuple(parameters[name] for name in self.compiled.positiontup)
        return parameters

    def row(self, raw: tuple | None) -> tuple | None:
        if raw is None:
            return None
        return tuple(value if process is None else process(value) for value, process in zip(raw, self.result_processors, strict=True))


class DirectStatement:
    """One Core statement (SELECT, UPDATE...) to run on the DBAPI cursor; `column_keys` fixes the
    SET columns of an UPDATE (those given as values), as `Connection.execute` would."""

    def __init__(self, statement: Executable, column_keys: Iterable[str] | None = None) -> None:
        self.statement = statement
        self.column_keys = list(column_keys) if column_keys is not None else None
        self._compiled: dict[tuple[str, str, str], _Compiled] = {}

    def fetch_one(self, connection: Connection, values: Mapping[str, Any]) -> tuple | None:
        """The first row, its values converted as SQLAlchemy would; None when there is none."""
        compiled = self._for(connection.dialect)
        cursor = self._run(connection, compiled, values)
        if cursor is None:  # the driver failed: SQLAlchemy ran it instead
            return connection.execute(self.statement, dict(values)).first()  # type: ignore[arg-type]
        try:
            return compiled.row(cursor.fetchone())
        finally:
            cursor.close()

    def rowcount(self, connection: Connection, values: Mapping[str, Any]) -> int:
        """Run a write; returns how many rows it matched."""
        compiled = self._for(connection.dialect)
        cursor = self._run(connection, compiled, values)
        if cursor is None:
            return connection.execute(self.statement, dict(values)).rowcount  # type: ignore[arg-type, attr-defined]
        try:
            return cursor.rowcount
        finally:
            cursor.close()

    def _run(self, connection: Connection, compiled: _Compiled, values: Mapping[str, Any]) -> Any:
        """The cursor after running the statement; None if the driver raised (the caller then runs
        it through SQLAlchemy)."""
        parameters = compiled.parameters(values)
        driver_error = connection.dialect.loaded_dbapi.Error
        try:
            cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        except driver_error:
            return None
        sql = compiled.sql
        try:
            for listener in connection.dispatch.before_cursor_execute:
                sql, parameters = listener(connection, cursor, sql, parameters, None, False)
            try:
                cursor.execute(sql, parameters)
            except driver_error:
                cursor.close()
                return None
            for listener in connection.dispatch.after_cursor_execute:
                listener(connection, cursor, sql, parameters, None, False)
        except BaseException:
            cursor.close()
            raise
        return cursor

    def _for(self, dialect: Dialect) -> _Compiled:
        key = (dialect.name, dialect.driver, dialect.paramstyle)
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = self._compiled[key] = self._compile(dialect)
        return compiled

    def _compile(self, dialect: Dialect) -> _Compiled:
        compiled: Any = self.statement.compile(dialect=dialect, column_keys=self.column_keys)
        if compiled.literal_execute_params or compiled.post_compile_params:
            raise ValueError("a DirectStatement cannot expand parameters at run time (IN lists, literal_execute)")
        if compiled.insert_prefetch or compiled.update_prefetch:
            names = ", ".join(column.key for column in [*compiled.insert_prefetch, *compiled.update_prefetch])
            raise ValueError(f"a DirectStatement runs no Python-side column defaults: give values for {names}")
        binds = {}
        for name, bind in compiled.binds.items():
            process = bind.type.dialect_impl(dialect).bind_processor(dialect)
            if process is not None:
                binds[name] = process
        columns = getattr(self.statement, "selected_columns", ())
        results = tuple(column.type.dialect_impl(dialect).result_processor(dialect, None) for column in columns)
        return _Compiled(compiled=compiled, sql=compiled.string, bind_processors=binds, result_processors=results)
