//! Steps for scenarios that document one official client's wire habits: they pick that
//! client's style whatever `--client-style` the run was given.

use crate::client::ClientStyle;
use crate::world::ConformWorld;
use cucumber::given;

#[given(regex = r"^requests are sent the way the (Node SDK|Python SDK|CLI) sends them$")]
fn requests_sent_like(world: &mut ConformWorld, client: String) {
    world.client.style = match client.as_str() {
        "Node SDK" => ClientStyle::Node,
        "Python SDK" => ClientStyle::Python,
        _ => ClientStyle::Cli,
    };
}
