//! Users steps: passwords the suite hashes itself for the import routes (so an import is
//! proved by signing in with the original password), and reading credentials a response
//! hands out (token lengths, session cookies).

use super::json_body;
use crate::checks::at_path;
use crate::world::ConformWorld;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHasher, SaltString};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use cucumber::{given, then};
use md5::Md5;
use sha2::Digest;

/// bcrypt's cheapest cost: the suite proves the format, not the work factor.
const BCRYPT_COST: u32 = 4;
/// PHPass's portable setting: `$P$`, 2^13 MD5 rounds (`B`), then an 8-character salt.
const PHPASS_PREFIX: &str = "$P$B";

fn new_password() -> String {
    format!("pw-{}", crate::ids::random_alnum(16))
}

fn hex_digest<D: Digest>(input: &[u8]) -> String {
    hex::encode(D::digest(input))
}

/// The hash of `password` in the format of `algorithm` (the import route's name, or a SHA
/// `passwordVersion`), computed with the hashing crates.
fn hash_with(algorithm: &str, password: &str) -> String {
    let bytes = password.as_bytes();
    match algorithm {
        "argon2" => argon2::Argon2::default()
            .hash_password(bytes, &SaltString::generate(&mut OsRng))
            .map(|h| h.to_string())
            .unwrap_or_else(|e| panic!("argon2 could not hash: {e}")),
        "bcrypt" => bcrypt::hash(bytes, BCRYPT_COST).unwrap_or_else(|e| panic!("bcrypt could not hash: {e}")),
        "md5" => hex_digest::<Md5>(bytes),
        "phpass" => {
            let setting = format!("{PHPASS_PREFIX}{}", crate::ids::random_alnum(8));
            conform_reference::password_hashes::phpass_portable(bytes, &setting)
                .unwrap_or_else(|| panic!("{setting:?} is not a portable PHPass setting"))
        }
        "sha1" => hex_digest::<sha1::Sha1>(bytes),
        "sha224" => hex_digest::<sha2::Sha224>(bytes),
        "sha256" => hex_digest::<sha2::Sha256>(bytes),
        "sha384" => hex_digest::<sha2::Sha384>(bytes),
        "sha512/224" => hex_digest::<sha2::Sha512_224>(bytes),
        "sha512/256" => hex_digest::<sha2::Sha512_256>(bytes),
        "sha512" => hex_digest::<sha2::Sha512>(bytes),
        "sha3-224" => hex_digest::<sha3::Sha3_224>(bytes),
        "sha3-256" => hex_digest::<sha3::Sha3_256>(bytes),
        "sha3-384" => hex_digest::<sha3::Sha3_384>(bytes),
        "sha3-512" => hex_digest::<sha3::Sha3_512>(bytes),
        other => panic!("no hash format {other:?}: use argon2, bcrypt, md5, phpass or a SHA version such as sha256 or sha3-512"),
    }
}

/// `Given a password remembered as "pw" and its md5 hash as "hash"`: a fresh password and its
/// hash (argon2, bcrypt, md5, phpass, or a SHA version: sha1 … sha512/256 … sha3-512).
#[given(regex = r#"^a password remembered as "([^"]+)" and its ([a-z0-9/-]+) hash as "([^"]+)"$"#)]
fn password_and_hash(world: &mut ConformWorld, password_name: String, algorithm: String, hash_name: String) {
    let password = new_password();
    let hash = hash_with(&algorithm, &password);
    world.vars.insert(password_name, password);
    world.vars.insert(hash_name, hash);
}

/// scrypt as PHP's `scrypt()` computes it (what Appwrite's `/users/scrypt` expects): the hex of
/// `length` bytes, with N, r and p as given and the salt taken as text.
// One argument per capture of the step, which names all of scrypt's parameters.
#[allow(clippy::too_many_arguments)]
#[given(
    regex = r#"^a password remembered as "([^"]+)" and its scrypt hash with salt "([^"]+)", N (\d+), r (\d+), p (\d+) and length (\d+) as "([^"]+)"$"#
)]
fn password_and_scrypt(
    world: &mut ConformWorld,
    password_name: String,
    salt: String,
    n: u64,
    r: u32,
    p: u32,
    length: usize,
    hash_name: String,
) {
    assert!(n > 1 && n.is_power_of_two(), "scrypt's N must be a power of two above 1, not {n}");
    let password = new_password();
    let params = scrypt::Params::new(n.trailing_zeros() as u8, r, p, length).unwrap_or_else(|e| panic!("scrypt parameters: {e}"));
    let mut out = vec![0u8; length];
    scrypt::scrypt(password.as_bytes(), salt.as_bytes(), &params, &mut out).unwrap_or_else(|e| panic!("scrypt: {e}"));
    world.vars.insert(password_name, password);
    world.vars.insert(hash_name, hex::encode(out));
}

/// Firebase's modified scrypt (`/users/scrypt-modified`); salt, separator and signer key are
/// base64, as Firebase exports them.
#[given(
    regex = r#"^a password remembered as "([^"]+)" and its Firebase scrypt hash with salt "([^"]+)", separator "([^"]+)" and signer key "([^"]+)" as "([^"]+)"$"#
)]
fn password_and_firebase_scrypt(
    world: &mut ConformWorld,
    password_name: String,
    salt: String,
    separator: String,
    key: String,
    hash_name: String,
) {
    let decode = |what: &str, text: &str| STANDARD.decode(text).unwrap_or_else(|e| panic!("the {what} {text:?} is not base64: {e}"));
    let password = new_password();
    let hash = conform_reference::password_hashes::firebase_scrypt(
        password.as_bytes(),
        &decode("salt", &salt),
        &decode("separator", &separator),
        &decode("signer key", &key),
    )
    .unwrap_or_else(|| panic!("Firebase scrypt could not hash with salt {salt:?}"));
    world.vars.insert(password_name, password);
    world.vars.insert(hash_name, hash);
}

/// For secrets whose length is the contract: `the response field "secret" has 12 characters`.
#[then(regex = r#"^the response field "([^"]+)" has (\d+) characters$"#)]
fn field_length(world: &mut ConformWorld, path: String, length: usize) {
    let body = json_body(world.last());
    let text = at_path(&body, &path).and_then(|v| v.as_str()).unwrap_or_else(|| panic!("no text field {path:?} in {body}"));
    assert_eq!(text.chars().count(), length, "{path} should have {length} characters; it has {}", text.chars().count());
}

/// Keeps the value of the `a_session_<project>` cookie the response sets, to send it back as
/// `Cookie: a_session_{project}={name}`.
#[then(regex = r#"^the response sets a session cookie remembered as "([^"]+)"$"#)]
fn session_cookie(world: &mut ConformWorld, name: String) {
    let prefix = format!("a_session_{}=", world.ctx.client.project);
    let response = world.last();
    let cookies = response.header_all("set-cookie");
    let value = cookies
        .iter()
        .find_map(|c| c.strip_prefix(&prefix).map(|rest| rest.split(';').next().unwrap_or("").to_string()))
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| {
            panic!("{} {} set no {prefix}… cookie; Set-Cookie: {cookies:?}", response.exchange.method, response.exchange.url)
        });
    world.vars.insert(name, value);
}

/// A phone number no other scenario uses: `+1` and ten random digits (E.164).
#[given(regex = r#"^a new phone number remembered as "([^"]+)"$"#)]
fn new_phone_number(world: &mut ConformWorld, name: String) {
    use rand::Rng;
    let mut rng = rand::rng();
    let digits: String = (0..10).map(|_| char::from(b'0' + rng.random_range(0..10u8))).collect();
    world.vars.insert(name, format!("+1{digits}"));
}

/// `Given a new word remembered as "w"`: twelve random lower-case letters, one token to a
/// full-text search (an ID's dashes split it into several, each matching other users too).
#[given(regex = r#"^a new word remembered as "([^"]+)"$"#)]
fn new_word(world: &mut ConformWorld, name: String) {
    use rand::Rng;
    let mut rng = rand::rng();
    let word: String = (0..12).map(|_| char::from(b'a' + rng.random_range(0..26u8))).collect();
    world.vars.insert(name, word);
}

/// For values that must change (regenerated codes): `the response field "recoveryCodes" is no longer {codes}`.
#[then(regex = r#"^the response field "([^"]+)" is no longer (.+)$"#)]
fn field_changed(world: &mut ConformWorld, path: String, previous: String) {
    let previous = world.expand(&previous);
    let previous: serde_json::Value =
        serde_json::from_str(&previous).unwrap_or_else(|e| panic!("the earlier value {previous:?} is not JSON: {e}"));
    let body = json_body(world.last());
    let now = at_path(&body, &path).unwrap_or_else(|| panic!("no field {path:?} in {body}"));
    assert_ne!(now, &previous, "{path} should have changed, but is still {now}");
}
