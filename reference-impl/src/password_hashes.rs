//! Imported password hashes: the formats `POST /users/{argon2,bcrypt,md5,phpass,scrypt,
//! scrypt-modified,sha}` accept, checked the way Appwrite 1.9.x (utopia-php/auth) checks them.
//! Public because the suite builds its Firebase and PHPass hashes with the same two small
//! functions (`firebase_scrypt`, `phpass_portable`); every other format it computes with the
//! hashing crates directly.

use aes::cipher::{KeyIvInit, StreamCipher};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use md5::{Digest, Md5};
use serde_json::{json, Value};
use subtle::ConstantTimeEq;

/// Appwrite's `hash` names, as stored on the user.
pub const ARGON2: &str = "argon2";
pub const BCRYPT: &str = "bcrypt";
pub const MD5: &str = "md5";
pub const PHPASS: &str = "phpass";
pub const SCRYPT: &str = "scrypt";
pub const SCRYPT_MODIFIED: &str = "scryptMod";
pub const SHA: &str = "sha";

/// The `passwordVersion` values `POST /users/sha` accepts, and the default when none is given.
pub const SHA_VERSIONS: &[&str] =
    &["sha1", "sha224", "sha256", "sha384", "sha512/224", "sha512/256", "sha512", "sha3-224", "sha3-256", "sha3-384", "sha3-512"];
pub const SHA_DEFAULT: &str = "sha3-512";

/// Firebase's fixed scrypt cost (memCost 14 → N = 2^14, rounds 8, p 1), as Appwrite applies it.
const FIREBASE_LOG_N: u8 = 14;
const FIREBASE_ROUNDS: u32 = 8;

/// Lower-case hex of `input` hashed with the SHA variant `version`; `None` for an unknown one.
pub fn sha_hex(version: &str, input: &[u8]) -> Option<String> {
    fn hex_of<D: Digest>(input: &[u8]) -> String {
        hex::encode(D::digest(input))
    }
    Some(match version {
        "sha1" => hex_of::<sha1::Sha1>(input),
        "sha224" => hex_of::<sha2::Sha224>(input),
        "sha256" => hex_of::<sha2::Sha256>(input),
        "sha384" => hex_of::<sha2::Sha384>(input),
        "sha512/224" => hex_of::<sha2::Sha512_224>(input),
        "sha512/256" => hex_of::<sha2::Sha512_256>(input),
        "sha512" => hex_of::<sha2::Sha512>(input),
        "sha3-224" => hex_of::<sha3::Sha3_224>(input),
        "sha3-256" => hex_of::<sha3::Sha3_256>(input),
        "sha3-384" => hex_of::<sha3::Sha3_384>(input),
        "sha3-512" => hex_of::<sha3::Sha3_512>(input),
        _ => return None,
    })
}

/// scrypt as PHP's `scrypt()` computes it: hex of `length` bytes. `None` when N is not a
/// power of two above 1 or the other costs are out of the scrypt crate's range.
pub fn scrypt_hex(password: &[u8], salt: &[u8], cpu: u64, memory: u32, parallel: u32, length: usize) -> Option<String> {
    if cpu < 2 || !cpu.is_power_of_two() {
        return None;
    }
    let params = scrypt::Params::new(cpu.trailing_zeros() as u8, memory, parallel, length).ok()?;
    let mut out = vec![0u8; length];
    scrypt::scrypt(password, salt, &params, &mut out).ok()?;
    Some(hex::encode(out))
}

/// Firebase's modified scrypt: the first 32 bytes of scrypt(password, salt ‖ separator,
/// N=2^14, r=8, p=1) are an AES-256-CTR key (zero IV) that encrypts the project's signer key;
/// the result, base64, is the stored hash. Inputs are the raw (base64-decoded) bytes.
pub fn firebase_scrypt(password: &[u8], salt: &[u8], separator: &[u8], signer_key: &[u8]) -> Option<String> {
    let params = scrypt::Params::new(FIREBASE_LOG_N, FIREBASE_ROUNDS, 1, 64).ok()?;
    let mut derived = [0u8; 64];
    scrypt::scrypt(password, &[salt, separator].concat(), &params, &mut derived).ok()?;
    let mut cipher = ctr::Ctr128BE::<aes::Aes256>::new_from_slices(&derived[..32], &[0u8; 16]).ok()?;
    let mut block = signer_key.to_vec();
    cipher.apply_keystream(&mut block);
    Some(STANDARD.encode(block))
}

const ITOA64: &[u8] = b"./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

fn encode64(input: &[u8]) -> String {
    let mut out = String::new();
    for chunk in input.chunks(3) {
        let value = chunk.iter().enumerate().fold(0u32, |acc, (i, b)| acc | (u32::from(*b) << (8 * i)));
        for i in 0..=chunk.len() {
            out.push(ITOA64[((value >> (6 * i)) & 0x3f) as usize] as char);
        }
    }
    out
}

/// The portable PHPass hash (`$P$`/`$H$`: salted MD5 iterated 2^n times) of `password` under
/// the first 12 characters of `setting` (which may be a whole stored hash); `None` when the
/// setting is not a portable one.
pub fn phpass_portable(password: &[u8], setting: &str) -> Option<String> {
    let id = setting.get(..3)?;
    if id != "$P$" && id != "$H$" {
        return None;
    }
    let log2 = ITOA64.iter().position(|c| Some(*c) == setting.as_bytes().get(3).copied())?;
    if !(7..=30).contains(&log2) {
        return None;
    }
    let salt = setting.get(4..12)?;
    let mut hash = Md5::digest([salt.as_bytes(), password].concat()).to_vec();
    for _ in 0..(1u64 << log2) {
        hash = Md5::digest([hash.as_slice(), password].concat()).to_vec();
    }
    Some(format!("{}{}", &setting[..12], encode64(&hash)))
}

fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

fn option_text<'a>(options: &'a Value, key: &str) -> &'a str {
    options.get(key).and_then(Value::as_str).unwrap_or("")
}

fn option_number(options: &Value, key: &str) -> u64 {
    options.get(key).and_then(Value::as_u64).unwrap_or(0)
}

fn base64_option(options: &Value, key: &str) -> Option<Vec<u8>> {
    STANDARD.decode(option_text(options, key)).ok()
}

/// True when `password` matches `stored` under the algorithm `hash` with `options` (the user's
/// `hash` and stored `hashOptions`). Unknown algorithms and unreadable hashes never match.
pub fn verify(hash: &str, options: &Value, password: &str, stored: &str) -> bool {
    let bytes = password.as_bytes();
    match hash {
        ARGON2 => argon2::password_hash::PasswordHash::new(stored).is_ok_and(|parsed| {
            use argon2::password_hash::PasswordVerifier;
            argon2::Argon2::default().verify_password(bytes, &parsed).is_ok()
        }),
        BCRYPT => bcrypt::verify(bytes, stored).unwrap_or(false),
        MD5 => same(&hex::encode(Md5::digest(bytes)), stored),
        PHPASS => match phpass_portable(bytes, stored) {
            Some(computed) => same(&computed, stored),
            // PHPass's non-portable mode stores bcrypt hashes.
            None => stored.starts_with("$2") && bcrypt::verify(bytes, stored).unwrap_or(false),
        },
        SCRYPT => {
            let length = option_number(options, "length") as usize;
            let computed = scrypt_hex(
                bytes,
                option_text(options, "salt").as_bytes(),
                option_number(options, "costCpu"),
                option_number(options, "costMemory") as u32,
                option_number(options, "costParallel") as u32,
                length,
            );
            computed.is_some_and(|c| same(&c, stored))
        }
        SCRYPT_MODIFIED => {
            let (Some(salt), Some(separator), Some(signer)) =
                (base64_option(options, "salt"), base64_option(options, "saltSeparator"), base64_option(options, "signerKey"))
            else {
                return false;
            };
            firebase_scrypt(bytes, &salt, &separator, &signer).is_some_and(|c| same(&c, stored))
        }
        SHA => {
            let version = options.get("version").and_then(Value::as_str).unwrap_or(SHA_DEFAULT);
            sha_hex(version, bytes).is_some_and(|c| same(&c, stored))
        }
        _ => false,
    }
}

/// As [`verify`], on the blocking pool (scrypt and argon2 take tens of milliseconds).
pub async fn verify_blocking(hash: String, options: Value, password: String, stored: String) -> bool {
    tokio::task::spawn_blocking(move || verify(&hash, &options, &password, &stored)).await.unwrap_or(false)
}

/// The `hashOptions` of an imported argon2 hash: the costs its PHC string names.
pub fn argon2_options(stored: &str) -> Option<Value> {
    let parsed = argon2::password_hash::PasswordHash::new(stored).ok()?;
    let cost = |name: &str| parsed.params.get_decimal(name);
    Some(json!({"type": ARGON2, "memoryCost": cost("m")?, "timeCost": cost("t")?, "threads": cost("p")?}))
}

/// What the user model shows of stored options: the fields of Appwrite's `algo*` model for
/// the algorithm, so the scrypt salt and the SHA version stay inside (as in Appwrite).
pub fn public_options(hash: &str, options: &Value) -> Value {
    let keep: &[&str] = match hash {
        ARGON2 => &["type", "memoryCost", "timeCost", "threads"],
        SCRYPT => &["type", "costCpu", "costMemory", "costParallel", "length"],
        SCRYPT_MODIFIED => &["type", "salt", "saltSeparator", "signerKey"],
        _ => &["type"],
    };
    let mut out = serde_json::Map::new();
    for key in keep {
        if let Some(value) = options.get(*key) {
            out.insert((*key).to_string(), value.clone());
        }
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Appwrite's own fixtures (tests/e2e/Services/Users): each is the hash of "appwrite".
    const SCRYPT_HASH: &str =
        "3fdef49701bc4cfaacd551fe017283513284b4731e6945c263246ef948d3cf63b5d269c31fd697246085111a428245e24a4ddc6b64c687bc60a8910dbafc1d5b";
    const FIREBASE_HASH: &str = "UlM7JiXRcQhzAGlaonpSqNSLIz475WMddOgLjej5De9vxTy48K6WtqlEzrRFeK4t0COfMhWCb8wuMHgxOFCHFQ==";
    const FIREBASE_SIGNER: &str = "XyEKE9RcTDeLEsL/RjwPDBv/RqDl8fb3gpYEOQaPihbxf1ZAtSOHCjuAAa7Q3oHpCYhXSN9tizHgVOwn6krflQ==";
    const SHA512_HASH: &str =
        "4243da0a694e8a2f727c8060fe0507c8fa01ca68146c76d2c190805b638c20c6bf6ba04e21f11ae138785d0bff63c416e6f87badbffad37f6dee50094cc38c70";

    #[test]
    fn firebase_scrypt_matches_appwrites_fixture() {
        let options = json!({"salt": "UxLMreBr6tYyjQ==", "saltSeparator": "Bw==", "signerKey": FIREBASE_SIGNER});
        assert!(verify(SCRYPT_MODIFIED, &options, "appwrite", FIREBASE_HASH));
        assert!(!verify(SCRYPT_MODIFIED, &options, "appwritf", FIREBASE_HASH));
    }

    #[test]
    fn phpass_matches_appwrites_fixture() {
        let stored = "$P$Br387rwferoKN7uwHZqNMu98q3U8RO.";
        assert_eq!(phpass_portable(b"appwrite", stored).as_deref(), Some(stored));
        assert!(verify(PHPASS, &json!({}), "appwrite", stored));
        assert!(!verify(PHPASS, &json!({}), "appwrite!", stored));
    }

    #[test]
    fn scrypt_and_sha_match_appwrites_fixtures() {
        let options = json!({"salt": "appwrite", "costCpu": 16384, "costMemory": 13, "costParallel": 2, "length": 64});
        assert!(verify(SCRYPT, &options, "appwrite", SCRYPT_HASH));
        assert!(verify(SHA, &json!({"version": "sha512"}), "appwrite", SHA512_HASH));
        assert!(!verify(SHA, &json!({"version": "sha256"}), "appwrite", SHA512_HASH));
        assert_eq!(scrypt_hex(b"x", b"s", 1000, 8, 1, 32), None, "N must be a power of two");
    }

    #[test]
    fn every_sha_version_hashes() {
        for version in SHA_VERSIONS {
            let stored = sha_hex(version, b"pw").unwrap_or_default();
            assert!(verify(SHA, &json!({ "version": version }), "pw", &stored), "{version}");
        }
        assert_eq!(sha_hex("sha0", b"pw"), None);
    }

    #[test]
    fn md5_and_unknown() {
        assert!(verify(MD5, &json!({}), "appwrite", &hex::encode(Md5::digest(b"appwrite"))));
        assert!(!verify("rot13", &json!({}), "appwrite", "nqjjevgr"));
    }
}
