//! Lists the backups of a database instance, one JSON object per line on stdout.
//!
//! ```text
//! cargo run -p hwc-clients --example list-backups -- \
//!     --service rds --endpoint https://rds.ap-southeast-1.myhuaweicloud.com \
//!     --project-id 0483b6b16e954cb88930a360d2c4e663 \
//!     --instance-id 43e4feaab48f11e89039fa163ebaa7e4in01 --limit 10 --all
//! ```
//!
//! Requests are signed with the AK/SK from `HUAWEICLOUD_SDK_AK` and `HUAWEICLOUD_SDK_SK`
//! (and `HUAWEICLOUD_SDK_SECURITY_TOKEN` when set), or carry the IAM token given with
//! `--token`. Without `--all` only the first page is printed. Errors go to stderr and the
//! exit code is 1 (2 for bad arguments).

use std::error::Error;
use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, ValueEnum};
use hwc_clients::{Config, Credentials, dcs, gaussdb_nosql, gaussdb_opengauss, rds, taurusdb};
use hwc_runtime::futures::TryStreamExt as _;
use hwc_runtime::paging::Items;
use hwc_runtime::serde::Serialize;

/// The services whose backups can be listed (named like their cargo features).
#[derive(Clone, Copy, Debug, ValueEnum)]
enum Service {
    /// GeminiDB (GaussDB NoSQL): `GET /v3.1/{project_id}/backups`.
    GaussdbNosql,
    /// RDS: `GET /v3/{project_id}/backups`.
    Rds,
    /// DCS: `GET /v1.0/{project_id}/instances/{instance_id}/backups`.
    Dcs,
    /// GaussDB (openGauss): `GET /v3/{project_id}/backups`.
    GaussdbOpengauss,
    /// TaurusDB incremental backups: `GET /v3/{project_id}/instances/{instance_id}/incremental-backups`.
    Taurusdb,
}

/// Lists the backups of a database instance, one JSON object per line.
#[derive(Debug, Parser)]
#[command(name = "list-backups")]
struct Args {
    /// The service to ask.
    #[arg(long, value_enum)]
    service: Service,
    /// The service's endpoint, such as https://rds.ap-southeast-1.myhuaweicloud.com.
    #[arg(long, value_name = "URL")]
    endpoint: String,
    /// The project id.
    #[arg(long, value_name = "ID")]
    project_id: String,
    /// The instance whose backups to list (required by rds, dcs and taurusdb).
    #[arg(long, value_name = "ID")]
    instance_id: Option<String>,
    /// Backups per page.
    #[arg(long, value_name = "N")]
    limit: Option<i32>,
    /// Print every page, not only the first.
    #[arg(long)]
    all: bool,
    /// An IAM token to send instead of signing with AK/SK from the environment.
    #[arg(long, value_name = "TOKEN")]
    token: Option<String>,
}

type Failure = Box<dyn Error>;

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("list-backups: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Sends the listing for `page` (a request builder) and prints its items: the first page's
/// `items` field, or with `--all` every item of every page.
macro_rules! list {
    ($args:expr, $out:expr, $request:expr, $items:ident) => {{
        let request = $request;
        if $args.all {
            print_items(request.into_items(), $out).await
        } else {
            let page = request.send().await?;
            page.$items
                .unwrap_or_default()
                .iter()
                .try_for_each(|item| print(item, $out))
        }
    }};
}

async fn run(args: &Args) -> Result<(), Failure> {
    let credentials = match &args.token {
        Some(token) => Credentials::token(token.as_str()),
        None => Credentials::from_env()?,
    };
    let config = Config::builder()
        .endpoint(args.endpoint.as_str())
        .project_id(args.project_id.as_str())
        .credentials(credentials)
        .build()?;
    let out = &mut std::io::stdout().lock();
    let instance = args.instance_id.as_deref();
    match args.service {
        Service::GaussdbNosql => {
            let mut request = gaussdb_nosql::Client::new(&config).list_backups();
            if let Some(instance) = instance {
                request = request.instance_id(instance);
            }
            if let Some(limit) = args.limit {
                request = request.limit(limit);
            }
            list!(args, out, request, backups)
        }
        Service::Rds => {
            let mut request = rds::Client::new(&config).list_backups(required(instance, "rds")?);
            if let Some(limit) = args.limit {
                request = request.limit(limit);
            }
            list!(args, out, request, backups)
        }
        Service::Dcs => {
            let mut request = dcs::Client::new(&config).list_backups(required(instance, "dcs")?);
            if let Some(limit) = args.limit {
                request = request.limit(limit);
            }
            list!(args, out, request, backup_record_response)
        }
        Service::GaussdbOpengauss => {
            let mut request = gaussdb_opengauss::Client::new(&config).list_backups();
            if let Some(instance) = instance {
                request = request.instance_id(instance);
            }
            if let Some(limit) = args.limit {
                request = request.limit(limit);
            }
            list!(args, out, request, backups)
        }
        Service::Taurusdb => {
            let mut request = taurusdb::Client::new(&config)
                .list_incremental_backups(required(instance, "taurusdb")?);
            if let Some(limit) = args.limit {
                // The API takes "10", "20" or "50"; another value is sent as given.
                request = request.limit(taurusdb::Limit::from(limit.to_string().as_str()));
            }
            list!(args, out, request, backups)
        }
    }
}

fn required<'a>(instance: Option<&'a str>, service: &str) -> Result<&'a str, Failure> {
    instance.ok_or_else(|| format!("--service {service} needs --instance-id").into())
}

async fn print_items<T: Serialize>(
    mut items: Items<T>,
    out: &mut impl Write,
) -> Result<(), Failure> {
    while let Some(item) = items.try_next().await? {
        print(&item, out)?;
    }
    Ok(())
}

/// Writes `item` as one line of JSON; flushed so that a long listing shows as it arrives.
fn print<T: Serialize>(item: &T, out: &mut impl Write) -> Result<(), Failure> {
    hwc_runtime::serde_json::to_writer(&mut *out, item)?;
    out.write_all(b"\n")?;
    out.flush()?;
    Ok(())
}
