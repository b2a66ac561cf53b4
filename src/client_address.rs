//! The client address each scenario speaks from. Appwrite keys many rate limits by the
//! client address (`url:{url},ip:{ip}` and the document, file and token write keys) and reads
//! it from the first `X-Forwarded-For` hop, a header it trusts by default
//! (`_APP_TRUSTED_HEADERS=x-forwarded-for`). Giving every scenario an address of its own gives
//! it budgets of its own, so runs repeated against one long-lived server do not spend each
//! other's hourly budgets, and scenarios running side by side do not spend each other's.

use rand::Rng;

/// A random address in 2001:2::/48, the IPv6 range set aside for benchmarking (RFC 5180):
/// never a real client, and with 80 random bits two scenarios practically never share one
/// (the IPv4 benchmarking range, 198.18.0.0/15, has too few addresses for a dozen runs an hour).
pub fn fresh() -> String {
    let mut rng = rand::rng();
    let groups: Vec<String> = (0..5).map(|_| format!("{:x}", rng.random::<u16>())).collect();
    format!("2001:2:0:{}", groups.join(":"))
}

#[cfg(test)]
mod tests {
    use std::net::Ipv6Addr;

    #[test]
    fn addresses_are_valid_benchmarking_addresses_and_differ() {
        let a = super::fresh();
        let b = super::fresh();
        for address in [&a, &b] {
            // Appwrite ignores an X-Forwarded-For whose first hop is not a valid IP.
            let ip: Ipv6Addr = address.parse().unwrap_or_else(|e| panic!("{address} is not an IPv6 address: {e}"));
            assert_eq!(ip.segments()[..3], [0x2001, 0x2, 0], "{address} is outside 2001:2::/48");
        }
        assert_ne!(a, b, "two fresh addresses were the same");
    }
}
