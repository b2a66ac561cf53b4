//! `conform-reference`: serve the reference server from the command line.

use clap::Parser;

#[derive(Parser)]
#[command(name = "conform-reference", version, about = "A minimal Appwrite-compatible reference server (the default target of conform)")]
struct Cli {
    #[command(flatten)]
    serve: conform_reference::ServeArgs,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    conform_reference::serve(Cli::parse().serve).await
}
