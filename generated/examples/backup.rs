//! Takes a manual backup of an RDS instance, waits until it is finished and prints it as
//! one JSON object on stdout; with `--delete`, deletes it afterwards.
//!
//! ```text
//! cargo run -p hwc-clients --example backup -- \
//!     --endpoint https://rds.eu-de.otc.t-systems.com \
//!     --project-id 0483b6b16e954cb88930a360d2c4e663 \
//!     --instance-id d8e6ca5a624745bcb546a227aa3ae1cfin01 --name backup-2024-05-10 \
//!     --description "before the upgrade" --poll-interval 10 --timeout 3600 --delete
//! ```
//!
//! The backup is created (`POST /v3/{project_id}/backups`), then the listing
//! (`GET /v3/{project_id}/backups?instance_id=…&backup_id=…`) is asked at once and every
//! `--poll-interval` seconds until the backup is `COMPLETED` or `FAILED`. Once `--timeout`
//! seconds (the whole wait) have passed, the example gives up and leaves the backup as it
//! is. The finished backup, as the listing shows it, is printed; `--delete` then deletes
//! it (`DELETE /v3/{project_id}/backups/{backup_id}`), whether it completed or failed.
//!
//! Requests are signed with the AK/SK from `HUAWEICLOUD_SDK_AK` and `HUAWEICLOUD_SDK_SK`
//! (and `HUAWEICLOUD_SDK_SECURITY_TOKEN` when set), or carry the IAM token given with
//! `--token`. Errors, a failed backup and a timeout go to stderr and the exit code is 1
//! (2 for bad arguments).

use std::error::Error;
use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use hwc_clients::{Config, Credentials, rds};
use tokio::time::Instant;

/// Takes a manual backup of an RDS instance and waits until it is finished.
#[derive(Debug, Parser)]
#[command(name = "backup")]
struct Args {
    /// The RDS endpoint, such as https://rds.ap-southeast-1.myhuaweicloud.com.
    #[arg(long, value_name = "URL")]
    endpoint: String,
    /// The project id.
    #[arg(long, value_name = "ID")]
    project_id: String,
    /// The instance to back up.
    #[arg(long, value_name = "ID")]
    instance_id: String,
    /// The backup's name: 4 to 64 letters, digits, hyphens or underscores, starting with a
    /// letter; unique.
    #[arg(long)]
    name: String,
    /// The backup's description.
    #[arg(long)]
    description: Option<String>,
    /// Seconds between two looks at the listing.
    #[arg(long, value_name = "SECONDS", default_value = "10", value_parser = seconds)]
    poll_interval: Duration,
    /// Seconds to wait in all for the backup to finish.
    #[arg(long, value_name = "SECONDS", default_value = "3600", value_parser = seconds)]
    timeout: Duration,
    /// Delete the backup once it has finished.
    #[arg(long)]
    delete: bool,
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
            eprintln!("backup: {error}");
            ExitCode::FAILURE
        }
    }
}

/// A duration given in (possibly fractional) seconds.
fn seconds(text: &str) -> Result<Duration, String> {
    let value: f64 = text.parse().map_err(|e| format!("{e}"))?;
    Duration::try_from_secs_f64(value).map_err(|e| format!("{e}"))
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
    let rds = rds::Client::new(&config);

    // The required fields are the constructor's arguments; the optional ones start as
    // `None`, and the description is set when given.
    let body = rds::CreateBackupRequest {
        description: args.description.clone(),
        ..rds::CreateBackupRequest::new(args.instance_id.as_str(), args.name.as_str())
    };
    let created = rds.create_backup(body).send().await?;
    let id = created
        .backup
        .and_then(|backup| backup.id)
        .ok_or("the service answered without the new backup's id")?;

    let backup = finished(&rds, args, &id).await?;
    print(&backup)?;
    if args.delete {
        rds.delete_backup(id.as_str()).send().await?;
    }
    match backup.status {
        Some(rds::BackupStatus::Completed) => Ok(()),
        _ => Err(format!("backup {id} failed").into()),
    }
}

/// Looks at the listing until backup `id` is `COMPLETED` or `FAILED` and returns it: at
/// once, then every poll interval until the timeout has passed. A look under way at the
/// deadline is waited for (one request lasts at most the configuration's timeout).
async fn finished(rds: &rds::Client, args: &Args, id: &str) -> Result<rds::Backup, Failure> {
    let deadline = Instant::now() + args.timeout;
    loop {
        let listed = listed(rds, args, id).await?;
        let status = match listed {
            Some(backup) if finished_status(backup.status.as_ref()) => return Ok(backup),
            Some(backup) => backup.status,
            None => None,
        };
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            let status = status
                .as_ref()
                .map_or("not listed", rds::BackupStatus::as_str);
            return Err(format!(
                "backup {id} is still {status} after {}s; it is left as it is",
                args.timeout.as_secs_f64()
            )
            .into());
        }
        tokio::time::sleep(args.poll_interval.min(left)).await;
    }
}

/// Whether a backup with `status` is finished: `COMPLETED` or `FAILED`.
fn finished_status(status: Option<&rds::BackupStatus>) -> bool {
    matches!(
        status,
        Some(rds::BackupStatus::Completed | rds::BackupStatus::Failed)
    )
}

/// Backup `id` as the listing shows it, if it does.
async fn listed(rds: &rds::Client, args: &Args, id: &str) -> Result<Option<rds::Backup>, Failure> {
    let page = rds
        .list_backups(args.instance_id.as_str())
        .backup_id(id)
        .send()
        .await?;
    Ok(page
        .backups
        .unwrap_or_default()
        .into_iter()
        .find(|backup| backup.id.as_deref() == Some(id)))
}

/// Writes `backup` as one line of JSON.
fn print(backup: &rds::Backup) -> Result<(), Failure> {
    let out = &mut std::io::stdout().lock();
    hwc_runtime::serde_json::to_writer(&mut *out, backup)?;
    out.write_all(b"\n")?;
    out.flush()?;
    Ok(())
}
