#!/usr/bin/env python3
"""Derive the contract and the reference server's error catalogue from contract/sources.

Usage: python3 tools/derive_contract.py [--out ROOT]

Writes ROOT/contract/contract.json and ROOT/reference-impl/src/catalogue.rs; ROOT is the
checkout this script belongs to unless given (tests/contract_regenerates.rs passes a temp
folder and compares the two files with the committed ones byte for byte). The output is
deterministic (sorted keys, operations sorted by id, fields in spec order), so a diff shows
only real contract changes. Only facts are copied: no upstream descriptions or examples.
Python 3.11 standard library only.
"""

import argparse
import csv
import hashlib
import json
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SOURCES = REPO / "contract" / "sources"
CONTRACT_PATH = Path("contract") / "contract.json"
CATALOGUE_PATH = Path("reference-impl") / "src" / "catalogue.rs"

# The OpenAPI file is a byte-for-byte copy of Appwrite's (contract/README.md says from where);
# its hash is checked so that an edit to it cannot pass for upstream data.
SPEC_FILE = "open-api3-latest-server.json"
SPEC_SHA256 = "0ef86994eb5c1e0211ac06a763952d4cfb274dda16698c11994f8ebe09d52364"

# The version string a 1.9.6 server puts in error bodies (APP_VERSION_STABLE); the
# endpoint inventory and models.md are checked against this release.
SERVER_VERSION = "1.9.6"

# HTTP statuses Appwrite 1.9.6 lets through in error responses (app/controllers/general.php,
# summarised in notes.md §7); any other exception code is sent as 500 "Server Error".
PUBLIC_ERROR_CODES = [400, 401, 402, 403, 404, 405, 408, 409, 412, 416, 422, 429, 451, 501, 503]

# The TSV calls the TablesDB service "tablesdb" (its path prefix); the spec tag, the SDK
# namespace and the deprecation notes ("use tablesDB.createRow") all say "tablesDB", so
# operation ids use that spelling.
SERVICE_NAMES = {"tablesdb": "tablesDB"}

# Canonical order for auth modes, so that "Project,Session,Key,JWT" and
# "Project,Key,Session,JWT" in the TSV produce the same list.
AUTH_ORDER = ["Project", "Key", "Session", "JWT"]

# Routes the harness calls that the 1.9.3 server spec omits because they are hidden from
# SDK generation. Facts from appwrite/appwrite 1.9.6: app/controllers/general.php
# (GET /v1/ping: scope global, project required, text "Pong!") and
# app/controllers/api/health.php (GET /v1/health/version: scope public, model healthVersion).
EXTRA_ROUTES = [
    {
        "service": "general",
        "sdk_method": "ping",
        "http_method": "GET",
        "path": "/ping",
        "auth": ["Project"],
        "scopes": ["global"],
        "response": {"kind": "text"},
    },
    {
        "service": "health",
        "sdk_method": "getVersion",
        "http_method": "GET",
        "path": "/health/version",
        "auth": [],
        "scopes": ["public"],
        "response": {"kind": "model", "model": "healthVersion"},
    },
]

# Models absent from the 1.9.3 spec; healthVersion is Response\Model\HealthVersion at 1.9.6.
EXTRA_MODELS = {
    "healthVersion": {
        "additional_properties": False,
        "fields": [{"name": "version", "type": "string", "required": True, "nullable": False}],
    }
}

PARAM_RE = re.compile(
    r"^(?P<name>[^:]+):(?P<type>[^@]+)@(?P<in>path|query|body|form)"
    r"(?:\{(?P<enum>[^}]*)\})?(?:=(?P<default>.*?))?(?P<null>\?null)?$"
)
EXTRA_METHOD_RE = re.compile(r"(\w+)\{([^}]*)\}")


def fail(message):
    sys.exit(f"derive_contract: {message}")


def auth_list(text):
    modes = [m for m in text.split(",") if m and m != "-"]
    unknown = set(modes) - set(AUTH_ORDER)
    if unknown:
        fail(f"unknown auth mode(s) {sorted(unknown)} in {text!r}")
    return [m for m in AUTH_ORDER if m in modes]


def parse_type(text):
    """'integer(int32)' -> ('integer', 'int32', None); 'array<string>' -> ('array', None, 'string')."""
    m = re.fullmatch(r"array<(.+)>", text)
    if m:
        return "array", None, m.group(1)
    m = re.fullmatch(r"(\w+)(?:\((\w+)\))?", text)
    if not m:
        fail(f"unparseable param type {text!r}")
    return m.group(1), m.group(2), None


def parse_params(text):
    if text == "-":
        return []
    params = []
    for item in text.split(", "):
        m = PARAM_RE.match(item)
        if not m:
            fail(f"unparseable param {item!r}")
        base, fmt, items = parse_type(m.group("type"))
        default = m.group("default")
        params.append({
            "name": m.group("name"),
            "type": base,
            "format": fmt,
            "items": items,
            "in": m.group("in"),
            "enum": m.group("enum").split("|") if m.group("enum") else [],
            "default": json.loads(default) if default is not None else None,
            "nullable": bool(m.group("null")),
        })
    return params


def parse_response(status, model):
    if status == 204:
        return {"kind": "none"}
    if model.startswith("(raw bytes"):
        return {"kind": "bytes"}
    return {"kind": "model", "model": model}


def parse_extra_methods(text):
    if text == "-":
        return []
    extras = []
    for name, body in EXTRA_METHOD_RE.findall(text):
        attrs = dict(part.split("=", 1) for part in body.split(";"))
        status, model = attrs["response"].split(":", 1)
        extras.append({
            "sdk_method": name,
            "auth": auth_list(attrs["auth"]),
            "required_params": [p for p in attrs["required"].split(",") if p],
            "optional_params": [p for p in attrs["optional"].split(",") if p],
            "success_status": int(status),
            "response": parse_response(int(status), model),
            "deprecated": "deprecated" in attrs,
        })
    if not extras:
        fail(f"unparseable extra_sdk_methods {text!r}")
    return extras


def apply_source_check(row, scopes, deprecated):
    """Prefer the 1.9.6 source where the inventory recorded it differs from the 1.9.3 spec."""
    check = row["check_vs_1.9.6_source"]
    m = re.fullmatch(r"1\.9\.6 source differs: (\w+)=(.*)", check)
    if not m:
        return scopes, deprecated
    key, value = m.groups()
    if key == "scope":
        return value.split("|"), deprecated
    if key == "deprecated":
        return scopes, True
    fail(f"unknown 1.9.6 difference {check!r}")


def operations_from_tsv(sources):
    with open(sources / "endpoints.tsv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    ops = []
    for row in rows:
        service = SERVICE_NAMES.get(row["service"], row["service"])
        status = int(row["success_status"])
        limit = int(row["rate_limit"])
        scopes, deprecated = apply_source_check(row, row["scope"].split("|"), row["deprecated"] != "-")
        ops.append({
            "id": f"{service}.{row['sdk_method']}",
            "service": service,
            "sdk_method": row["sdk_method"],
            "extra_sdk_methods": parse_extra_methods(row["extra_sdk_methods"]),
            "http_method": row["http_method"],
            "path": row["path"],
            "auth": auth_list(row["security"]),
            "sdk_auth": auth_list(row["sdk_auth"]),
            "scopes": scopes,
            "rate_limit": None if limit == 0 else {
                "limit": limit,
                "window_seconds": int(row["rate_time_s"]),
                "keys": row["rate_key"].split(" ; "),
            },
            "success_status": status,
            "response": parse_response(status, row["response_model"]),
            "request_content_type": None if row["request_content_type"] == "-" else row["request_content_type"],
            "required_params": parse_params(row["required_params"]),
            "optional_params": parse_params(row["optional_params"]),
            "upload": row["x_appwrite_type"] == "upload",
            "deprecated": deprecated,
        })
    for extra in EXTRA_ROUTES:
        ops.append({
            "id": f"{extra['service']}.{extra['sdk_method']}",
            "extra_sdk_methods": [],
            "sdk_auth": extra["auth"],
            "rate_limit": None,
            "success_status": 200,
            "request_content_type": None,
            "required_params": [],
            "optional_params": [],
            "upload": False,
            "deprecated": False,
            **extra,
        })
    ids = [op["id"] for op in ops]
    ids += [f"{op['service']}.{x['sdk_method']}" for op in ops for x in op["extra_sdk_methods"]]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        fail(f"duplicate operation ids {duplicates}")
    routes = [(op["http_method"], op["path"]) for op in ops]
    if len(set(routes)) != len(routes):
        fail("duplicate routes")
    return sorted(ops, key=lambda op: op["id"])


class ModelBuilder:
    """Turns components/schemas into the contract's model tables.

    Unions (oneOf/anyOf) become models of their own, named by their alternatives joined
    with '|', so every reference in the contract is a plain model name.
    """

    def __init__(self, schemas, corrections):
        self.schemas = schemas
        self.corrections = corrections
        self.models = {}
        self.pending = []

    def ref(self, name):
        if name not in self.models and name not in self.pending:
            self.pending.append(name)
        return name

    def union(self, schema):
        alternatives = [s["$ref"].split("/")[-1] for s in schema.get("oneOf") or schema.get("anyOf")]
        disc = schema.get("discriminator") or {}
        when = {}
        for target, props in (disc.get("x-mapping") or {}).items():
            when[target.split("/")[-1]] = props
        if not when:
            for value, target in (disc.get("mapping") or {}).items():
                when[target.split("/")[-1]] = {disc["propertyName"]: value}
        for extra, after in self.corrections["union_additions"]:
            if after in alternatives and extra not in alternatives:
                alternatives.insert(alternatives.index(after) + 1, extra)
                if after in when:
                    when[extra] = {**when[after], "type": self.corrections["union_type_values"][extra]}
        name = "|".join(alternatives)
        model = {
            "additional_properties": False,
            "fields": [],
            "one_of": alternatives,
            "discriminator": {m: when[m] for m in alternatives if m in when},
        }
        if name in self.models and self.models[name] != model:
            fail(f"union {name} appears with different discriminators")
        self.models[name] = model
        for alt in alternatives:
            self.ref(alt)
        return name

    def schema(self, spec):
        """Normalise one property schema to {type, nullable, model?, enum?, items?}."""
        out = {"nullable": bool(spec.get("nullable", False))}
        if "$ref" in spec:
            out.update(type="object", model=self.ref(spec["$ref"].split("/")[-1]))
        elif "oneOf" in spec or "anyOf" in spec:
            out.update(type="object", model=self.union(spec))
        else:
            kind = spec.get("type", "any")
            if kind not in ("string", "integer", "number", "boolean", "object", "array", "any"):
                fail(f"unknown schema type {kind!r}")
            out["type"] = kind
            if kind == "array":
                out["items"] = self.schema(spec.get("items", {}))
            elif kind == "object" and "items" in spec:
                # The spec writes "object of model X" as {type: object, items: {$ref|oneOf}}
                # (user.prefs, user.hashOptions).
                out["model"] = self.schema(spec["items"])["model"]
            if "enum" in spec:
                out["enum"] = [str(v) for v in spec["enum"]]
        return out

    def model(self, name):
        if name in EXTRA_MODELS:
            return EXTRA_MODELS[name]
        if name in self.corrections["copies"]:
            return self.model(self.corrections["copies"][name])
        spec = self.schemas.get(name)
        if spec is None:
            fail(f"model {name!r} is not in the spec")
        required = set(spec.get("required", []))
        fields = [
            {"name": field, "required": field in required, **self.schema(prop)}
            for field, prop in spec.get("properties", {}).items()
        ]
        for added in self.corrections["fields"].get(name, []):
            if any(f["name"] == added["name"] for f in fields):
                fail(f"1.9.6 correction adds {name}.{added['name']}, which the spec already has")
            fields.append(added)
        if name == "error":
            # The spec types error.code as a string; the server sends the HTTP status as an
            # integer (app/controllers/general.php; models.md intro).
            for field in fields:
                if field["name"] == "code":
                    field["type"] = "integer"
        return {"additional_properties": spec.get("additionalProperties") is True, "fields": fields}

    def build(self, roots):
        for root in roots:
            self.ref(root)
        while self.pending:
            name = self.pending.pop(0)
            self.models[name] = self.model(name)
        return dict(sorted(self.models.items()))


def model_corrections(sources):
    """Read the '1.9.6 vs 1.9.3' section at the end of models.md."""
    text = (sources / "models.md").read_text(encoding="utf-8")
    head = "## Differences at Appwrite 1.9.6"
    if head not in text:
        fail("models.md has no 1.9.6 differences section")
    section = text[text.index(head):]
    types = {"integer": "integer", "string": "string", "string (datetime)": "string", "boolean": "boolean"}
    fields = {}
    for line in section.splitlines():
        if not line.startswith("| `"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 5:
            fail(f"unparseable 1.9.6 difference row {line!r}")
        model, field, kind, required = cells[0].strip("`"), cells[1].strip("`"), cells[2], cells[3]
        if kind not in types or required not in ("yes", "no"):
            fail(f"unparseable 1.9.6 difference row {line!r}")
        fields.setdefault(model, []).append(
            {"name": field, "type": types[kind], "required": required == "yes", "nullable": False}
        )
    # The bigint models are stated to share the integer models' field list; check the
    # statement is still there rather than silently copying.
    statement = "`attributeBigint` / `columnBigint`: same field list as `attributeInteger` / `columnInteger`"
    if statement not in section:
        fail("models.md no longer states the bigint models' field list")
    return {
        "fields": fields,
        "copies": {"attributeBigint": "attributeInteger", "columnBigint": "columnInteger"},
        # 1.9.6 lists (collection.attributes, attributeList, table.columns, …) can hold bigint
        # attributes/columns, whose "type" is "bigint".
        "union_additions": [("attributeBigint", "attributeInteger"), ("columnBigint", "columnInteger")],
        "union_type_values": {"attributeBigint": "bigint", "columnBigint": "bigint"},
    }


def errors_from_tsv(sources):
    with open(sources / "errors.tsv", newline="", encoding="utf-8") as f:
        return {
            row["type"]: {"code": int(row["code"]), "message": row["message"]}
            for row in csv.DictReader(f, delimiter="\t")
        }


def response_models(op_list):
    """Model names referenced by responses; the TSV writes unions as 'a|b|c'."""
    names = []
    for op in op_list:
        for response in [op["response"]] + [x["response"] for x in op["extra_sdk_methods"]]:
            if response["kind"] == "model":
                names.append(response["model"])
    return names


def widen_response_unions(ops, models):
    """Point each response union at the widest union that contains it.

    The spec's get-attribute/get-column response lists 10 types, but the 1.9.6 handler
    answers with the model of whatever type the attribute has (varchar, text, point, …), all
    of which the list unions name. Checking against the narrower union would fail a correct
    server; the narrower union is dropped when nothing else refers to it.
    """
    unions = {name: set(m["one_of"]) for name, m in models.items() if m.get("one_of")}
    for op in ops:
        response = op["response"]
        if response["kind"] != "model" or response["model"] not in unions:
            continue
        narrow = unions[response["model"]]
        response["model"] = max((n for n, alts in unions.items() if narrow <= alts), key=lambda n: len(unions[n]))
    referenced = {op["response"].get("model") for op in ops}
    referenced |= {x["response"].get("model") for op in ops for x in op["extra_sdk_methods"]}
    for model in models.values():
        for field in model["fields"]:
            referenced.add(field.get("model"))
            referenced.add(field.get("items", {}).get("model"))
    for name in unions:
        if name not in referenced:
            del models[name]


def read_spec(sources):
    data = (sources / SPEC_FILE).read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != SPEC_SHA256:
        fail(f"{SPEC_FILE} has SHA-256 {digest}, not the upstream copy's {SPEC_SHA256} "
             "(contract/README.md); replace the file and the hash together")
    return json.loads(data.decode("utf-8"))


def derive_contract(sources):
    spec = read_spec(sources)
    ops = operations_from_tsv(sources)
    builder = ModelBuilder(spec["components"]["schemas"], model_corrections(sources))

    roots = ["error"]
    for name in sorted(set(response_models(ops))):
        if "|" in name:
            # Resolve a TSV union through the spec's own schema for that route, so the union
            # model gets the same name and discriminator as the spec's unions elsewhere.
            op = next(o for o in ops if o["response"].get("model") == name)
            content = spec["paths"][op["path"]][op["http_method"].lower()]["responses"][str(op["success_status"])]
            union = builder.union(content["content"]["application/json"]["schema"])
            for o in ops:
                if o["response"].get("model") == name:
                    o["response"]["model"] = union
        else:
            roots.append(name)
    models = builder.build(roots)
    widen_response_unions(ops, models)

    return {
        "version": SERVER_VERSION,
        "spec_version": spec["info"]["version"],
        "public_error_codes": PUBLIC_ERROR_CODES,
        "operations": ops,
        "models": models,
        "errors": errors_from_tsv(sources),
    }


def rust_string(text):
    if any(ord(c) < 0x20 for c in text):
        fail(f"control character in error message {text!r}")
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def catalogue_source(sources):
    """reference-impl/src/catalogue.rs: one constant per errors.tsv row, in its order."""
    with open(sources / "errors.tsv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    lines = [
        "//! The Appwrite error catalogue (type, HTTP code, default message), generated from",
        "//! `contract/sources/errors.tsv` (Appwrite 1.9.6 `app/config/errors.php`) by",
        "//! `python3 tools/derive_contract.py`; do not edit by hand (lib.rs keeps rustfmt off it,",
        "//! so the generated bytes are the committed ones). Services name errors by these",
        "//! constants so the type string and code can never drift apart.",
        "",
        "use crate::error::ErrorType;",
        "",
    ]
    for row in rows:
        # One type is upper case in Appwrite itself (ATTRIBUTE_TYPE_NOT_SUPPORTED); kept as it is.
        if not re.fullmatch(r"[A-Za-z0-9_]+", row["type"]):
            fail(f"error type {row['type']!r} cannot be a constant name")
        lines.append(
            f"pub const {row['type'].upper()}: ErrorType = ErrorType {{ name: \"{row['type']}\", "
            f"code: {int(row['code'])}, message: {rust_string(row['message'])} }};"
        )
    return "\n".join(lines) + "\n"


def write(root, relative, text):
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def main():
    parser = argparse.ArgumentParser(description="Derive contract.json and catalogue.rs from contract/sources.")
    parser.add_argument("--out", type=Path, default=REPO, help="root to write under (default: this checkout)")
    root = parser.parse_args().out

    contract = derive_contract(SOURCES)
    write(root, CONTRACT_PATH, json.dumps(contract, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    write(root, CATALOGUE_PATH, catalogue_source(SOURCES))
    print(f"wrote {root / CONTRACT_PATH}: {len(contract['operations'])} operations, {len(contract['models'])} models, "
          f"{len(contract['errors'])} error types; {root / CATALOGUE_PATH}")


if __name__ == "__main__":
    main()
