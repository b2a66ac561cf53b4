use super::*;
use axum::http::Method;

#[test]
fn the_catalogue_has_at_least_forty_faults_with_unique_kebab_case_names() {
    let all = catalogue();
    assert!(all.len() >= 40, "only {} faults in the catalogue", all.len());
    let mut names: Vec<&str> = all.iter().map(|f| f.name).collect();
    for name in &names {
        assert!(
            !name.is_empty() && name.split('-').all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())),
            "fault name {name:?} is not kebab-case"
        );
    }
    names.sort_unstable();
    let before = names.len();
    names.dedup();
    assert_eq!(before, names.len(), "fault names repeat");
}

#[test]
fn every_fault_says_what_it_breaks_and_does_something() {
    for fault in catalogue() {
        assert!(!fault.breaks.trim().is_empty(), "{} has no description", fault.name);
        assert!(fault.caught_by.contains('@'), "{} names no tags that catch it: {:?}", fault.name, fault.caught_by);
        assert!(fault.on_request.is_some() || fault.resend.is_some() || fault.on_response.is_some(), "{} changes nothing", fault.name);
    }
}

#[test]
fn every_area_has_faults() {
    let all = catalogue();
    for area in [
        Area::Conventions,
        Area::Account,
        Area::Users,
        Area::Databases,
        Area::Storage,
        Area::Teams,
        Area::Tokens,
        Area::Clients,
        Area::Wire,
    ] {
        assert!(all.iter().any(|f| f.area == area), "no fault in area {}", area.as_str());
    }
}

#[test]
fn routes_match_one_segment_per_star_and_any_rest_for_a_trailing_double_star() {
    let doc = Route::get("/v1/databases/*/collections/*/documents");
    assert!(doc.matches(&Method::GET, "/v1/databases/db/collections/c/documents"));
    assert!(!doc.matches(&Method::POST, "/v1/databases/db/collections/c/documents"));
    assert!(!doc.matches(&Method::GET, "/v1/databases/db/collections/c/documents/d"));
    assert!(!doc.matches(&Method::GET, "/v1/databases/db/collections"));
    let rest = Route::any("/v1/databases/*/collections/*/documents/**");
    assert!(rest.matches(&Method::DELETE, "/v1/databases/db/collections/c/documents"));
    assert!(rest.matches(&Method::GET, "/v1/databases/db/collections/c/documents/d"));
    assert!(Route::any("/**").matches(&Method::OPTIONS, "/v1/account/sessions/email"));
}

#[test]
fn selecting_an_unknown_fault_names_it() {
    let err = select(&["no-such-fault".to_string()]).err().expect("an unknown name is an error");
    assert!(err.to_string().contains("no-such-fault"), "{err}");
    assert_eq!(select(&["ping-wrong-text".to_string()]).expect("known").len(), 1);
}

#[test]
fn queries_are_edited_as_json_and_renumbered() {
    let mut request = axum::http::Request::get(
        "/v1/x?queries%5B0%5D=%7B%22method%22%3A%22limit%22%2C%22values%22%3A%5B2%5D%7D&queries%5B1%5D=%7B%22method%22%3A%22equal%22%7D&total=false",
    )
    .body(Bytes::new())
    .expect("request");
    edit::drop_queries(&mut request, &["limit"]);
    let pairs: Vec<(String, String)> = form_urlencoded::parse(request.uri().query().unwrap_or("").as_bytes()).into_owned().collect();
    assert_eq!(pairs, vec![("total".to_string(), "false".to_string()), ("queries[0]".to_string(), r#"{"method":"equal"}"#.to_string())]);
}
