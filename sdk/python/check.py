"""What an app built on the official Python SDK (appwrite, pinned in requirements.txt) does with
every service the conform suite covers, against the server named by APPWRITE_ENDPOINT /
APPWRITE_PROJECT / APPWRITE_API_KEY.

Every call goes through the SDK's own code: its chunked upload (which first reads the file to
resume from `chunksUploaded`), its query strings and multipart arrays, and its strict pydantic
response models (a missing or mistyped field is a failure here even when JSON looks fine).
Prints one line per check and a count; exits 1 if any check failed. A failing check names the
SDK call and the server's answer (status, type, message).
"""

import base64
import hashlib
import json
import os
import struct
import sys
import time
import warnings
import zlib
from datetime import datetime, timedelta, timezone

from appwrite.client import Client
from appwrite.enums.databases_index_type import DatabasesIndexType
from appwrite.enums.image_format import ImageFormat
from appwrite.enums.password_hash import PasswordHash
from appwrite.exception import AppwriteException
from appwrite.id import ID
from appwrite.input_file import InputFile
from appwrite.permission import Permission
from appwrite.query import Query
from appwrite.role import Role
from appwrite.services.account import Account
from appwrite.services.databases import Databases
from appwrite.services.storage import Storage
from appwrite.services.teams import Teams
from appwrite.services.tokens import Tokens
from appwrite.services.users import Users

CHUNK = 5 * 1024 * 1024
# How long an attribute or index may stay `processing` before the check gives up.
AVAILABLE_BOUND_SECS = 30


# The suite covers the collections API, which the SDK marks deprecated since 1.8 and warns
# about on every call (resetting any filter); those warnings would drown the check's lines.
_show_warning = warnings.showwarning
warnings.showwarning = lambda message, category, *rest, **kw: None if category is DeprecationWarning else _show_warning(message, category, *rest, **kw)


class CallFailed(Exception):
    """An SDK call raised: the message names the call and what the server answered."""


class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, name, ok, detail=""):
        if ok:
            self.passed += 1
            print(f"ok   {name}", flush=True)
        else:
            self.failed += 1
            print(f"FAIL {name}: {detail}", flush=True)

    def section(self, name, body):
        """Runs one service's checks; an SDK call that raises ends that service's checks."""
        try:
            body()
        except CallFailed as failure:
            self.check(f"{name}: every SDK call succeeds", False, str(failure))


def call(label, fn, *args, **kwargs):
    """`fn(*args, **kwargs)`, with any exception turned into one naming the SDK call."""
    try:
        return fn(*args, **kwargs)
    except AppwriteException as e:
        raise CallFailed(f"{label} -> {e.code} {e.type}: {one_line(e.message)}") from None
    except Exception as e:  # the SDK's own crashes: a missing header, a model that does not parse
        raise CallFailed(f"{label} -> {type(e).__name__}: {one_line(e)}") from None


def one_line(message):
    """A multi-line error (pydantic lists each field on its own lines) as one report line."""
    return " ".join(str(message).split())


def refused(label, fn, *args, **kwargs):
    """The status an SDK call was refused with, or a description of what it did instead."""
    try:
        fn(*args, **kwargs)
        return "succeeded"
    except AppwriteException as e:
        return e.code
    except Exception as e:
        return f"{label} -> {type(e).__name__}: {e}"


def md5(data):
    return hashlib.md5(data).hexdigest()


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def png(width, height):
    """A small RGB PNG (a gradient), built with the standard library only."""
    rows = b"".join(b"\x00" + b"".join(bytes((x * 255 // width, y * 255 // height, 128)) for x in range(width)) for y in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def png_size(data):
    """(width, height) of PNG bytes, or None when they are not a PNG."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", data[16:24])


def wait_available(label, fetch):
    """Polls `fetch` (an attribute or index read) until its status is `available`."""
    deadline = time.monotonic() + AVAILABLE_BOUND_SECS
    while True:
        status = getattr(call(label, fetch).status, "value", None)
        if status == "available" or time.monotonic() > deadline:
            return status
        time.sleep(0.2)


def is_datetime(text):
    try:
        datetime.fromisoformat(text.replace("Z", "+00:00"))
        return True
    except (TypeError, ValueError):
        return False


class Interrupted(Exception):
    """Raised from an upload's progress callback to stop it after its first chunk."""


def storage_and_tokens(checks, server, guest):
    storage = Storage(server)
    tokens = Tokens(server)
    bucket_id = ID.unique()
    call("storage.create_bucket", storage.create_bucket, bucket_id, "SDK check (python)", permissions=[])
    try:
        # 15 MiB + a little: four chunks, the last one short. Stopped after its first chunk,
        # then uploaded again with the same ID: the SDK reads the file first and goes on from
        # the server's `chunksUploaded`.
        data = os.urandom(3 * CHUNK + 12345)
        file_id = ID.unique()

        def stop_after_first_chunk(progress):
            raise Interrupted()

        try:
            storage.create_file(bucket_id, file_id, InputFile.from_bytes(data, "big.bin"), on_progress=stop_after_first_chunk)
            checks.check("an upload stopped by the app after its first chunk stops", False, "create_file returned")
        except Interrupted:
            checks.check("an upload stopped by the app after its first chunk stops", True)
        partial = call("storage.get_file (interrupted upload)", storage.get_file, bucket_id, file_id)
        checks.check("the interrupted upload has 1 of 4 chunks", (partial.chunksuploaded, partial.chunkstotal) == (1, 4),
                     f"chunksUploaded {partial.chunksuploaded}, chunksTotal {partial.chunkstotal}")
        progress = []
        file = call("storage.create_file (resumed)", storage.create_file, bucket_id, file_id, InputFile.from_bytes(data, "big.bin"),
                    on_progress=progress.append)
        checks.check("the SDK resumes after the chunk the server already has", bool(progress) and progress[0]["chunksUploaded"] == 2,
                     f"first progress after resuming: {progress[:1]}")
        checks.check("the resumed upload is complete in 4 chunks", (file.chunksuploaded, file.chunkstotal) == (4, 4),
                     f"chunksUploaded {file.chunksuploaded}, chunksTotal {file.chunkstotal}")
        checks.check("its signature is the MD5 of the content", file.signature == md5(data), file.signature)
        checks.check("its size is the original size", file.sizeoriginal == len(data), f"{file.sizeoriginal}")
        checks.check("its $createdAt is a datetime", is_datetime(file.createdat), file.createdat)
        downloaded = call("storage.get_file_download", storage.get_file_download, bucket_id, file_id)
        checks.check("the download is byte-identical", sha256(downloaded) == sha256(data), f"{len(downloaded)} bytes")

        image = png(64, 48)
        picture = call("storage.create_file (small PNG)", storage.create_file, bucket_id, ID.unique(), InputFile.from_bytes(image, "pic.png"))
        checks.check("a small file is one chunk and is detected as image/png",
                     (picture.chunkstotal, picture.mimetype) == (1, "image/png"), f"{picture.chunkstotal} chunks, {picture.mimetype}")
        viewed = call("storage.get_file_view", storage.get_file_view, bucket_id, picture.id)
        checks.check("the view is byte-identical", viewed == image, f"{len(viewed)} bytes")
        preview = call("storage.get_file_preview (40x30 png)", storage.get_file_preview, bucket_id, picture.id, width=40, height=30,
                       output=ImageFormat.PNG)
        checks.check("a 40x30 PNG preview is a 40x30 PNG", png_size(preview) == (40, 30), f"size {png_size(preview)}, {preview[:8]!r}")
        as_jpeg = call("storage.get_file_preview (jpg)", storage.get_file_preview, bucket_id, picture.id, width=20, output=ImageFormat.JPG)
        checks.check("a JPEG preview is JPEG bytes", as_jpeg[:3] == b"\xff\xd8\xff", f"{as_jpeg[:4]!r}")

        listed = call("storage.list_files", storage.list_files, bucket_id, queries=[Query.equal("name", ["pic.png"])])
        checks.check("listing by name finds the one file", listed.total == 1 and listed.files[0].id == picture.id, f"total {listed.total}")
        renamed = call("storage.update_file", storage.update_file, bucket_id, picture.id, name="renamed.png")
        checks.check("a file takes a new name", renamed.name == "renamed.png", renamed.name)

        token = call("tokens.create_file_token", tokens.create_file_token, bucket_id, file_id)
        checks.check("a file token has a JWT secret", token.secret.count(".") == 2, f"{len(token.secret)} characters")
        guest_storage = Storage(guest)
        with_token = call("storage.get_file_view (guest with token)", guest_storage.get_file_view, bucket_id, file_id, token=token.secret)
        checks.check("a guest views the file with the token", sha256(with_token) == sha256(data), f"{len(with_token)} bytes")
        checks.check("a guest without the token is refused", refused("get_file_view", guest_storage.get_file_view, bucket_id, file_id) == 401,
                     refused("get_file_view", guest_storage.get_file_view, bucket_id, file_id))
        token_list = call("tokens.list", tokens.list, bucket_id, file_id)
        checks.check("the file lists its token", token_list.total == 1 and token_list.tokens[0].id == token.id, f"total {token_list.total}")
        later = (datetime.now(timezone.utc) + timedelta(days=1)).isoformat(timespec="milliseconds")
        updated = call("tokens.update", tokens.update, token.id, expire=later)
        checks.check("the token takes an expiry", datetime.fromisoformat(updated.expire.replace("Z", "+00:00")) ==
                     datetime.fromisoformat(later), updated.expire)
        call("tokens.delete", tokens.delete, token.id)
        after = refused("get_file_view", guest_storage.get_file_view, bucket_id, file_id, token=token.secret)
        checks.check("a deleted token opens nothing", after == 401, f"{after}")

        call("storage.delete_file", storage.delete_file, bucket_id, picture.id)
        gone = refused("get_file", storage.get_file, bucket_id, picture.id)
        checks.check("a deleted file is gone", gone == 404, f"{gone}")
    finally:
        call("storage.delete_bucket", storage.delete_bucket, bucket_id)
    gone = refused("get_bucket", storage.get_bucket, bucket_id)
    checks.check("a deleted bucket is gone", gone == 404, f"{gone}")


def databases(checks, server):
    db = Databases(server)
    database_id = ID.unique()
    call("databases.create", db.create, database_id, "SDK check (python)")
    try:
        collection = call("databases.create_collection", db.create_collection, database_id, ID.unique(), "Books",
                          permissions=[Permission.read(Role.any())], document_security=False)
        where = (database_id, collection.id)
        call("databases.create_string_attribute", db.create_string_attribute, *where, "title", 64, True)
        call("databases.create_integer_attribute", db.create_integer_attribute, *where, "year", True, min=0, max=3000)
        call("databases.create_boolean_attribute", db.create_boolean_attribute, *where, "lent", False, default=False)
        for key in ("title", "year", "lent"):
            status = wait_available(f"databases.get_attribute({key})", lambda k=key: db.get_attribute(*where, k))
            checks.check(f"attribute {key} becomes available", status == "available", status)
        call("databases.create_index", db.create_index, *where, "by_year", DatabasesIndexType.KEY, ["year"])
        status = wait_available("databases.get_index", lambda: db.get_index(*where, "by_year"))
        checks.check("index by_year becomes available", status == "available", status)

        first = call("databases.create_document", db.create_document, *where, ID.unique(), {"title": "Dune", "year": 1965})
        checks.check("a document has its data, defaults and system fields",
                     first.data.get("title") == "Dune" and first.data.get("lent") is False and is_datetime(first.createdat)
                     and first.collectionid == collection.id and first.sequence.isdigit(),
                     f"{first.to_dict()}")
        books = [{"$id": ID.unique(), "title": f"Book {i}", "year": 2000 + i} for i in range(6)]
        created = call("databases.create_documents", db.create_documents, *where, books)
        checks.check("bulk create writes every document", created.total == 6, f"total {created.total}")
        upserted = call("databases.upsert_documents", db.upsert_documents, *where,
                        [{"$id": books[0]["$id"], "title": "Book 0, revised", "year": 2000}, {"$id": ID.unique(), "title": "Extra", "year": 1990}])
        checks.check("bulk upsert updates one and creates one", upserted.total == 2, f"total {upserted.total}")

        got = call("databases.get_document", db.get_document, *where, books[0]["$id"])
        checks.check("the upserted document reads back revised", got.data.get("title") == "Book 0, revised", f"{got.data}")
        updated = call("databases.update_document", db.update_document, *where, first.id, {"lent": True})
        checks.check("an update changes one field", updated.data.get("lent") is True and updated.data.get("title") == "Dune", f"{updated.data}")
        bumped = call("databases.increment_document_attribute", db.increment_document_attribute, *where, first.id, "year", value=1)
        checks.check("increment adds to a number", bumped.data.get("year") == 1966, f"{bumped.data.get('year')}")

        recent = call("databases.list_documents (filter, order)", db.list_documents, *where,
                      queries=[Query.greater_than("year", 2001), Query.order_desc("year")])
        years = [d.data.get("year") for d in recent.documents]
        checks.check("filter and order: years after 2001, newest first", years == [2005, 2004, 2003, 2002], f"{years}")
        pages, cursor = [], None
        for _ in range(5):
            queries = [Query.order_asc("year"), Query.limit(3)] + ([Query.cursor_after(cursor)] if cursor else [])
            page = call("databases.list_documents (cursor page)", db.list_documents, *where, queries=queries)
            if not page.documents:
                break
            pages.append([d.data.get("year") for d in page.documents])
            cursor = page.documents[-1].id
        checks.check("cursor pagination walks every document once, in order",
                     pages == [[1966, 1990, 2000], [2001, 2002, 2003], [2004, 2005]], f"{pages}")
        selected = call("databases.list_documents (select)", db.list_documents, *where,
                        queries=[Query.select(["title"]), Query.equal("title", ["Dune"])])
        only = selected.documents[0].data if selected.documents else {}
        checks.check("select returns only the chosen attribute", selected.total == 1 and "title" in only and "year" not in only, f"{only}")

        lent = call("databases.update_documents", db.update_documents, *where, data={"lent": True},
                    queries=[Query.less_than("year", 2002), Query.equal("lent", [False])])
        checks.check("bulk update changes the matching documents", lent.total == 3, f"total {lent.total}")
        removed = call("databases.delete_documents", db.delete_documents, *where, queries=[Query.equal("lent", [True])])
        checks.check("bulk delete removes the matching documents", removed.total == 4, f"total {removed.total}")
        call("databases.delete_document", db.delete_document, *where, books[5]["$id"])
        left = call("databases.list_documents", db.list_documents, *where)
        checks.check("what is left after the deletes", sorted(d.data.get("year") for d in left.documents) == [2002, 2003, 2004],
                     f"{[d.data.get('year') for d in left.documents]}")

        call("databases.delete_index", db.delete_index, *where, "by_year")
        call("databases.delete_attribute", db.delete_attribute, *where, "lent")
        gone = refused("get_attribute", db.get_attribute, *where, "lent")
        checks.check("a deleted attribute is gone", gone == 404, f"{gone}")
        call("databases.delete_collection", db.delete_collection, *where)
        gone = refused("get_collection", db.get_collection, *where)
        checks.check("a deleted collection is gone", gone == 404, f"{gone}")
    finally:
        call("databases.delete", db.delete, database_id)
    gone = refused("databases.get", db.get, database_id)
    checks.check("a deleted database is gone", gone == 404, f"{gone}")


def users_teams_and_sessions(checks, endpoint, project, server):
    users = Users(server)
    teams = Teams(server)
    user_id = ID.unique()
    email = f"{user_id}@example.com"
    password = "sdk-check-password"
    user = call("users.create", users.create, user_id, email=email, password=password, name="Ada")
    checks.check("a new user has its name and email, and is active", (user.name, user.email, user.status) == ("Ada", email, True),
                 f"{user.name}, {user.email}, {user.status}")
    fetched = call("users.get", users.get, user_id)
    checks.check("the user reads back", fetched.id == user_id and is_datetime(fetched.registration), fetched.id)
    found = call("users.list", users.list, queries=[Query.equal("email", [email])])
    checks.check("listing by email finds the user", found.total == 1 and found.users[0].id == user_id, f"total {found.total}")

    team_id = ID.unique()
    team = call("teams.create", teams.create, team_id, "Readers")
    checks.check("a team starts with its name", team.name == "Readers", team.name)
    call("teams.update_name", teams.update_name, team_id, "Book club")
    prefs = call("teams.update_prefs", teams.update_prefs, team_id, {"theme": "dark"})
    checks.check("team prefs are stored", call("teams.get_prefs", teams.get_prefs, team_id).data == {"theme": "dark"}, f"{prefs.data}")
    membership = call("teams.create_membership", teams.create_membership, team_id, ["reader"], user_id=user_id)
    checks.check("a server adds a user to a team at once", membership.confirm and membership.userid == user_id,
                 f"confirm {membership.confirm}, userId {membership.userid}")
    members = call("teams.list_memberships", teams.list_memberships, team_id)
    checks.check("the team lists its member", members.total == 1 and members.memberships[0].id == membership.id, f"total {members.total}")
    promoted = call("teams.update_membership", teams.update_membership, team_id, membership.id, ["owner"])
    checks.check("a membership takes new roles", promoted.roles == ["owner"], f"{promoted.roles}")
    checks.check("the team counts its member", call("teams.get", teams.get, team_id).total == 1, "")

    # A session made with the key, then used by a client that holds only its secret.
    session = call("account.create_email_password_session (with a key)", Account(server).create_email_password_session, email, password)
    checks.check("a session made with a key returns its secret", session.userid == user_id and session.secret != "",
                 f"userId {session.userid}, secret {'set' if session.secret else 'empty'}")
    as_user = Client().set_endpoint(endpoint).set_project(project).set_session(session.secret)
    account = Account(as_user)
    me = call("account.get (set_session)", account.get)
    checks.check("a client with set_session is that user", me.id == user_id, me.id)
    jwt = call("account.create_jwt", account.create_jwt)
    with_jwt = Account(Client().set_endpoint(endpoint).set_project(project).set_jwt(jwt.jwt))
    checks.check("a client with set_jwt is that user", call("account.get (set_jwt)", with_jwt.get).id == user_id, "")
    current = call("account.get_session", account.get_session, "current")
    checks.check("the current session is the one made with the key", current.id == session.id, current.id)
    call("account.delete_session", account.delete_session, "current")
    after = refused("account.get", account.get)
    checks.check("a deleted session opens nothing", after == 401, f"{after}")

    call("teams.delete_membership", teams.delete_membership, team_id, membership.id)
    checks.check("a deleted membership is gone", call("teams.list_memberships", teams.list_memberships, team_id).total == 0, "")
    call("teams.delete", teams.delete, team_id)
    gone = refused("teams.get", teams.get, team_id)
    checks.check("a deleted team is gone", gone == 404, f"{gone}")
    call("users.delete", users.delete, user_id)
    gone = refused("users.get", users.get, user_id)
    checks.check("a deleted user is gone", gone == 404, f"{gone}")


def refused_with(fn, *args, **kwargs):
    """As `refused`, with the error type: `<status> <type>`."""
    try:
        fn(*args, **kwargs)
        return "succeeded"
    except AppwriteException as e:
        return f"{e.code} {e.type}"
    except Exception as e:
        return f"{type(e).__name__}: {one_line(e)}"


def jwt_claims(token):
    """The payload of a JWT, or {} when it is not one."""
    try:
        payload = token.split(".")[1]
        return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (IndexError, ValueError):
        return {}


def sign_in(endpoint, project, email, password):
    """Signs in as a client (no key): the session's user ID, or what refused it."""
    try:
        return Account(Client().set_endpoint(endpoint).set_project(project)).create_email_password_session(email, password).userid
    except AppwriteException as e:
        return f"refused {e.code} {e.type}"
    except Exception as e:
        return f"{type(e).__name__}: {one_line(e)}"


def phpass(password, salt, log2):
    """The portable PHPass hash ($P$, salted MD5 iterated 2^log2 times), with hashlib."""
    itoa64 = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    digest = hashlib.md5(salt.encode() + password.encode()).digest()
    for _ in range(2 ** log2):
        digest = hashlib.md5(digest + password.encode()).digest()
    out = ""
    for i in range(0, len(digest), 3):
        chunk = digest[i:i + 3]
        value = sum(b << (8 * j) for j, b in enumerate(chunk))
        out += "".join(itoa64[(value >> (6 * j)) & 0x3F] for j in range(len(chunk) + 1))
    return f"$P${itoa64[log2]}{salt}{out}"


def bcrypt_hash(password):
    """A bcrypt hash from the standard library's `crypt` (libxcrypt), or None where Python or
    the C library has none (crypt is gone from Python 3.13)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            import crypt  # pylint: disable=import-outside-toplevel
        if crypt.METHOD_BLOWFISH not in crypt.methods:
            return None
        return crypt.crypt(password, crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=16))
    except ImportError:
        return None


def users_service(checks, endpoint, project, server):
    """Every Users operation an app uses, and what each one changes for the user as a client."""
    users = Users(server)
    new_client = lambda: Client().set_endpoint(endpoint).set_project(project)  # noqa: E731
    user_id = ID.unique()
    email = f"{user_id}@example.com"
    password = "sdk-check-password"
    call("users.create", users.create, user_id, email=email, password=password, name="Grace")
    try:
        twice = refused_with(users.create, user_id, email=f"{user_id}.other@example.com", password=password)
        checks.check("users.create with a taken ID is refused with 409 user_already_exists", twice == "409 user_already_exists", twice)
        labelled = call("users.update_labels", users.update_labels, user_id, ["vip", "beta"])
        checks.check("users.update_labels: the user carries its labels", labelled.labels == ["vip", "beta"], f"{labelled.labels}")
        by_label = call("users.list (labels contains vip)", users.list, queries=[Query.contains("labels", ["vip"])])
        checks.check("users.list finds the user by its label", any(u.id == user_id for u in by_label.users), f"total {by_label.total}")

        prefs = call("users.update_prefs", users.update_prefs, user_id, {"theme": "dark", "size": 3})
        checks.check("users.update_prefs answers the prefs", prefs.data == {"theme": "dark", "size": 3}, f"{prefs.data}")
        read = call("users.get_prefs", users.get_prefs, user_id)
        checks.check("users.get_prefs reads them back", read.data == {"theme": "dark", "size": 3}, f"{read.data}")

        blocked = call("users.update_status (False)", users.update_status, user_id, False)
        checks.check("users.update_status(False) blocks the user", blocked.status is False, f"status {blocked.status}")
        while_blocked = sign_in(endpoint, project, email, password)
        checks.check("a blocked user cannot sign in (account.create_email_password_session: user_blocked)", while_blocked.endswith(" user_blocked"),
                     while_blocked)
        unblocked = call("users.update_status (True)", users.update_status, user_id, True)
        checks.check("users.update_status(True) unblocks the user", unblocked.status is True, f"status {unblocked.status}")
        after_unblock = sign_in(endpoint, project, email, password)
        checks.check("an unblocked user signs in again", after_unblock == user_id, after_unblock)

        verified = call("users.update_email_verification (True)", users.update_email_verification, user_id, True)
        checks.check("users.update_email_verification(True) verifies the email", verified.emailverification is True, f"{verified.emailverification}")
        unverified = call("users.update_email_verification (False)", users.update_email_verification, user_id, False)
        checks.check("users.update_email_verification(False) takes it back", unverified.emailverification is False,
                     f"{unverified.emailverification}")
        phone = f"+1415{int.from_bytes(os.urandom(4), 'big') % 10_000_000:07d}"
        with_phone = call("users.update_phone", users.update_phone, user_id, phone)
        checks.check("users.update_phone sets the phone", with_phone.phone == phone, with_phone.phone)
        phone_verified = call("users.update_phone_verification", users.update_phone_verification, user_id, True)
        checks.check("users.update_phone_verification(True) verifies the phone", phone_verified.phoneverification is True,
                     f"{phone_verified.phoneverification}")

        renamed = call("users.update_name", users.update_name, user_id, "Grace Hopper")
        checks.check("users.update_name renames the user", renamed.name == "Grace Hopper", renamed.name)
        new_email = f"{user_id}.new@example.com"
        moved = call("users.update_email", users.update_email, user_id, new_email)
        checks.check("users.update_email changes the email", moved.email == new_email, moved.email)
        new_password = "sdk-check-password-2"
        call("users.update_password", users.update_password, user_id, new_password)
        with_new = sign_in(endpoint, project, new_email, new_password)
        checks.check("after users.update_password the new password signs in", with_new == user_id, with_new)
        with_old = sign_in(endpoint, project, new_email, password)
        checks.check("after users.update_password the old password is refused", with_old.startswith("refused 401"), with_old)

        # A session the server makes, handed to a client that holds only its secret.
        made = call("users.create_session", users.create_session, user_id)
        checks.check("users.create_session returns a secret", made.userid == user_id and made.secret != "",
                     f"userId {made.userid}, secret {'set' if made.secret else 'empty'}")
        as_user = Account(new_client().set_session(made.secret))
        me = call("account.get (set_session with users.create_session)", as_user.get)
        checks.check("a client with that session is the user", (me.id, me.name) == (user_id, "Grace Hopper"), f"{me.id}, {me.name}")
        call("users.update_status (False)", users.update_status, user_id, False)
        blocked_session = refused_with(as_user.get)
        checks.check("a blocked user's session is refused (account.get: user_blocked)", blocked_session.endswith(" user_blocked"), blocked_session)
        call("users.update_status (True)", users.update_status, user_id, True)
        back = call("account.get (after unblocking)", as_user.get)
        checks.check("the session works again once the user is unblocked", back.id == user_id, back.id)

        # A token the server makes, exchanged by a client for a session.
        token = call("users.create_token", users.create_token, user_id, length=12, expire=900)
        checks.check("users.create_token makes a secret of the asked length", token.userid == user_id and len(token.secret) == 12,
                     f"userId {token.userid}, {len(token.secret)} characters")
        exchanged = call("account.create_session (token)", Account(new_client()).create_session, user_id, token.secret)
        checks.check("account.create_session turns the token into a session", exchanged.userid == user_id, exchanged.userid)
        again = refused("account.create_session", Account(new_client()).create_session, user_id, token.secret)
        checks.check("a used token cannot be exchanged twice", again == 401, f"{again}")

        # A JWT the server makes for the user, used with set_jwt.
        jwt = call("users.create_jwt", users.create_jwt, user_id, duration=60)
        claims = jwt_claims(jwt.jwt)
        checks.check("users.create_jwt returns a JWT that lives the asked 60 s", claims.get("exp", 0) - claims.get("iat", 0) == 60, jwt.jwt)
        via_jwt = call("account.get (set_jwt with users.create_jwt)", Account(new_client().set_jwt(jwt.jwt)).get)
        checks.check("a client with that JWT is the user", via_jwt.id == user_id, via_jwt.id)

        sessions = call("users.list_sessions", users.list_sessions, user_id)
        checks.check("users.list_sessions lists the sessions made (2 sign-ins, create_session, the token)",
                     sessions.total == 4 and all(s.userid == user_id for s in sessions.sessions), f"total {sessions.total}")
        call("users.delete_session", users.delete_session, user_id, made.id)
        one_gone = refused("account.get", as_user.get)
        checks.check("users.delete_session ends that session", one_gone == 401, f"{one_gone}")
        call("users.delete_sessions", users.delete_sessions, user_id)
        left = call("users.list_sessions", users.list_sessions, user_id)
        checks.check("users.delete_sessions ends every session", left.total == 0, f"total {left.total}")
    finally:
        call("users.delete", users.delete, user_id)
    gone = refused("users.get", users.get, user_id)
    checks.check("the user is deleted", gone == 404, f"{gone}")


# Appwrite's own Firebase fixture (its tests/e2e/Services/Users): the scrypt-modified hash of
# "appwrite" under this salt, separator and signer key. Python's standard library has no AES,
# so the check uses the fixture instead of computing one.
FIREBASE = {"password": "appwrite", "hash": "UlM7JiXRcQhzAGlaonpSqNSLIz475WMddOgLjej5De9vxTy48K6WtqlEzrRFeK4t0COfMhWCb8wuMHgxOFCHFQ==",
            "salt": "UxLMreBr6tYyjQ==", "separator": "Bw==",
            "signer_key": "XyEKE9RcTDeLEsL/RjwPDBv/RqDl8fb3gpYEOQaPihbxf1ZAtSOHCjuAAa7Q3oHpCYhXSN9tizHgVOwn6krflQ=="}


def password_imports(checks, endpoint, project, server):
    """Users imported with a hash made elsewhere (computed here with hashlib), each signing in
    as a client with the original password; another password is refused."""
    users = Users(server)
    password = f"import-{os.urandom(6).hex()}"
    scrypt = {"salt": "sdk-check-salt", "cpu": 1024, "memory": 8, "parallel": 2, "length": 48}
    scrypt_hash = hashlib.scrypt(password.encode(), salt=scrypt["salt"].encode(), n=scrypt["cpu"], r=scrypt["memory"], p=scrypt["parallel"],
                                 dklen=scrypt["length"]).hex()
    imports = [("md5", "md5", password, lambda u, e: users.create_md5_user(u, e, hashlib.md5(password.encode()).hexdigest(), name="Imported"))]
    for algorithm, version in (("sha1", PasswordHash.SHA1), ("sha256", PasswordHash.SHA256), ("sha512", PasswordHash.SHA512),
                               ("sha512_256", PasswordHash.SHA512_256), ("sha3_256", PasswordHash.SHA3_256), ("sha3_512", PasswordHash.SHA3_512)):
        stored = hashlib.new(algorithm, password.encode()).hexdigest()
        imports.append((f"sha (password_version {version.value})", "sha", password,
                        lambda u, e, stored=stored, version=version: users.create_sha_user(u, e, stored, password_version=version)))
    imports.append(("sha (no password_version: sha3-512)", "sha", password,
                    lambda u, e: users.create_sha_user(u, e, hashlib.sha3_512(password.encode()).hexdigest())))
    imports.append((f"scrypt (N {scrypt['cpu']}, r {scrypt['memory']}, p {scrypt['parallel']}, {scrypt['length']} bytes)", "scrypt", password,
                    lambda u, e: users.create_scrypt_user(u, e, scrypt_hash, scrypt["salt"], scrypt["cpu"], scrypt["memory"], scrypt["parallel"],
                                                          scrypt["length"])))
    imports.append(("scrypt-modified (Firebase, Appwrite's fixture)", "scryptMod", FIREBASE["password"],
                    lambda u, e: users.create_scrypt_modified_user(u, e, FIREBASE["hash"], FIREBASE["salt"], FIREBASE["separator"],
                                                                   FIREBASE["signer_key"])))
    imports.append(("phpass (portable $P$)", "phpass", password,
                    lambda u, e: users.create_ph_pass_user(u, e, phpass(password, os.urandom(4).hex(), 8))))
    bcrypt = bcrypt_hash(password)
    if bcrypt is None:
        print("skip bcrypt: this Python has no crypt module with bcrypt", flush=True)
    else:
        imports.append(("bcrypt (cost 4, from crypt)", "bcrypt", password, lambda u, e: users.create_bcrypt_user(u, e, bcrypt)))
    for label, hash_name, original, create in imports:
        user_id = ID.unique()
        email = f"{user_id}@example.com"
        created = False
        try:
            user = call(f"users.create {label}", create, user_id, email)
            created = True
            options_type = getattr(user.hashoptions, "type", None)
            checks.check(f"{label}: the imported user reports hash {hash_name}", (user.hash, options_type) == (hash_name, hash_name),
                         f"hash {user.hash}, hashOptions {user.hashoptions!r}")
            if hash_name == "scrypt":
                options = user.hashoptions
                kept = tuple(getattr(options, name, None) for name in ("costcpu", "costmemory", "costparallel", "length"))
                checks.check(f"{label}: hashOptions keep the scrypt parameters (as AlgoScrypt)",
                             kept == (scrypt["cpu"], scrypt["memory"], scrypt["parallel"], scrypt["length"]), f"{options!r}")
            wrong = sign_in(endpoint, project, email, original + "x")
            checks.check(f"{label}: a wrong password is refused", wrong.startswith("refused 401"), wrong)
            right = sign_in(endpoint, project, email, original)
            checks.check(f"{label}: the original password signs in (account.create_email_password_session)", right == user_id, right)
            rehashed = call(f"users.get ({label}, after the first sign-in)", users.get, user_id)
            checks.check(f"{label}: the first sign-in re-hashes the password with argon2",
                         (rehashed.hash, getattr(rehashed.hashoptions, "type", None)) == ("argon2", "argon2"),
                         f"hash {rehashed.hash}, hashOptions {rehashed.hashoptions!r}")
        except CallFailed as failure:
            checks.check(f"{label}: every SDK call succeeds", False, str(failure))
        finally:
            # A refused import leaves nothing to delete, and the next import still runs.
            if created:
                call(f"users.delete ({label})", users.delete, user_id)


def main():
    endpoint, project, key = (os.environ.get(name) for name in ("APPWRITE_ENDPOINT", "APPWRITE_PROJECT", "APPWRITE_API_KEY"))
    if not (endpoint and project and key):
        print("set APPWRITE_ENDPOINT, APPWRITE_PROJECT and APPWRITE_API_KEY", file=sys.stderr)
        return 2
    server = Client().set_endpoint(endpoint).set_project(project).set_key(key)
    guest = Client().set_endpoint(endpoint).set_project(project)
    checks = Checks()
    checks.section("storage and tokens", lambda: storage_and_tokens(checks, server, guest))
    checks.section("databases", lambda: databases(checks, server))
    checks.section("users, teams and sessions", lambda: users_teams_and_sessions(checks, endpoint, project, server))
    checks.section("users", lambda: users_service(checks, endpoint, project, server))
    checks.section("password imports", lambda: password_imports(checks, endpoint, project, server))
    print(f"{checks.passed} passed, {checks.failed} failed")
    return 0 if checks.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
