"""The database URL the connect dialog builds, and the checks it makes on a URL someone typed.

Qt-free, so the rules are tested on their own. A URL never carries a password: PostgreSQL reads
it from ~/.pgpass, PGPASSFILE or a service in pg_service.conf, so the app stores none.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, quote, unquote, urlencode, urlsplit

SSL_MODES = ("prefer", "require", "verify-full", "disable")
DEFAULT_PORT = 5432
POSTGRES_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")
PASSWORD_REFUSED = (
    "The app does not store passwords: remove it from the URL and put it in ~/.pgpass "
    "(or the file PGPASSFILE names, or a service in pg_service.conf)."
)


class StoreUrlError(ValueError):
    """A URL or field the dialog cannot use; the message is one plain sentence."""


@dataclass(frozen=True)
class ServerFields:
    """What the dialog's "Server" fields hold."""

    host: str = ""
    port: int = DEFAULT_PORT
    database: str = ""
    user: str = ""
    sslmode: str = "prefer"


def url_from_fields(fields: ServerFields) -> str:
    """postgresql://user@host:port/database?sslmode=…, each part quoted; host and database are needed."""
    host, database, user = fields.host.strip(), fields.database.strip(), fields.user.strip()
    if not host:
        raise StoreUrlError("Type the name or address of the database server (host).")
    if not database:
        raise StoreUrlError("Type the name of the database on that server.")
    if fields.sslmode not in SSL_MODES:
        raise StoreUrlError(f"The SSL mode must be one of {', '.join(SSL_MODES)}.")
    if not 0 < fields.port < 65536:
        raise StoreUrlError("The port must be a number from 1 to 65535.")
    netloc = quote(user, safe="") + "@" if user else ""
    netloc += f"[{host}]" if ":" in host else quote(host, safe="")
    if fields.port != DEFAULT_PORT:
        netloc += f":{fields.port}"
    query = "" if fields.sslmode == "prefer" else "?" + urlencode({"sslmode": fields.sslmode})
    return f"postgresql://{netloc}/{quote(database, safe='')}{query}"


def url_from_service(service: str) -> str:
    """A URL that names a service in pg_service.conf (host, database, user and so on come from there)."""
    service = service.strip()
    if not service:
        raise StoreUrlError("Type the name of a service from pg_service.conf.")
    return "postgresql://?" + urlencode({"service": service})


def checked_url(text: str) -> str:
    """A typed PostgreSQL URL as it will be used; refused when it holds a password or is not PostgreSQL."""
    url = text.strip()
    if not url:
        raise StoreUrlError("Type a database URL, for example postgresql://desk@dbhost/insoles.")
    parts = urlsplit(url)
    if parts.scheme not in POSTGRES_SCHEMES:
        raise StoreUrlError(
            "A shared store URL starts with postgresql://, for example postgresql://desk@dbhost/insoles."
        )
    if has_password(url):
        raise StoreUrlError(PASSWORD_REFUSED)
    return url


def has_password(url: str) -> bool:
    """True when the URL carries a password, in the user part or as a password= option."""
    parts = urlsplit(url)
    try:
        in_netloc = parts.password is not None
    except ValueError:
        in_netloc = ":" in parts.netloc.rpartition("@")[0]
    options = {key.lower() for key in parse_qs(parts.query, keep_blank_values=True)}
    return in_netloc or "password" in options


def fields_from_url(url: str) -> tuple[ServerFields | None, str]:
    """The dialog's server fields for a URL it built (None when they cannot say it), and its service name."""
    parts = urlsplit(url)
    options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    service = options.pop("service", "")
    if service or not parts.hostname or set(options) - {"sslmode"}:
        return None, service
    try:
        port = parts.port or DEFAULT_PORT
    except ValueError:
        return None, ""
    sslmode = options.get("sslmode", "prefer")
    if sslmode not in SSL_MODES:
        return None, ""
    fields = ServerFields(
        host=unquote(parts.hostname),
        port=port,
        database=unquote(parts.path.lstrip("/")),
        user=unquote(parts.username or ""),
        sslmode=sslmode,
    )
    return fields, ""


def store_place(url: str | None) -> str:
    """Where lists are kept, in a few words for the status bar: "this computer" or "shared store insoles on dbhost"."""
    if not url or urlsplit(url).scheme not in POSTGRES_SCHEMES:
        return "this computer"
    parts = urlsplit(url)
    options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    database = unquote(parts.path.lstrip("/")) or options.get("dbname", "")
    host = parts.hostname or options.get("host", "")
    if options.get("service") and not (database or host):
        return f"shared store (service {options['service']})"
    if host.startswith("/") or not host:
        host = "this computer's server"
    return f"shared store {database} on {host}" if database else f"shared store on {host}"
