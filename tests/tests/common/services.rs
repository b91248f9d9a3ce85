//! The five list-backups operations behind one interface, so that every end-to-end test
//! runs against each of them through its generated client.

use std::time::Duration;

use hwc_clients::{
    Config, ConfigBuilder, Credentials, Error, dcs, gaussdb_nosql, gaussdb_opengauss, rds, taurusdb,
};
use hwc_runtime::futures::StreamExt as _;
use hwc_runtime::paging::{Items, Pages};
use serde::Serialize;
use serde_json::Value;
use wiremock::MockServer;

pub const PROJECT: &str = "0483b6b16e954cb88930a360d2c4e663";
pub const TOKEN: &str = "MIIEXAMPLETOKEN";
pub const INSTANCE: &str = "43e4feaab48f11e89039fa163ebaa7e4in01";

/// A configuration aimed at `server`: the project, an IAM token, retries 10 ms apart.
pub fn config(server: &MockServer) -> ConfigBuilder {
    config_at(&server.uri())
}

/// [`config`] for any endpoint.
pub fn config_at(endpoint: &str) -> ConfigBuilder {
    Config::builder()
        .endpoint(endpoint)
        .project_id(PROJECT)
        .credentials(Credentials::token(TOKEN))
        .base_delay(Duration::from_millis(10))
}

pub fn build(config: ConfigBuilder) -> Config {
    config
        .build()
        .unwrap_or_else(|e| panic!("test configuration: {e}"))
}

/// One list-backups operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Service {
    GaussdbNosql,
    Rds,
    Dcs,
    GaussdbOpengauss,
    Taurusdb,
}

/// Where a listing starts, how big its pages are, and the per-call overrides, as a caller
/// sets them on the request builder.
#[derive(Clone, Copy, Debug, Default)]
pub struct Window {
    pub offset: Option<u32>,
    pub limit: Option<u32>,
    pub timeout: Option<Duration>,
    pub max_attempts: Option<u32>,
}

impl Service {
    pub const ALL: [Service; 5] = [
        Service::GaussdbNosql,
        Service::Rds,
        Service::Dcs,
        Service::GaussdbOpengauss,
        Service::Taurusdb,
    ];

    /// The spec file.
    pub fn spec(self) -> &'static str {
        match self {
            Service::GaussdbNosql => "gaussdb-nosql.yaml",
            Service::Rds => "rds.yaml",
            Service::Dcs => "dcs.yaml",
            Service::GaussdbOpengauss => "gaussdb-opengauss.yaml",
            Service::Taurusdb => "taurusdb.yaml",
        }
    }

    /// The path a request for `instance` goes to, as sent (percent-encoded).
    pub fn path(self, instance: &str) -> String {
        let instance = hwc_runtime::signer::encode_component(instance);
        match self {
            Service::GaussdbNosql => format!("/v3.1/{PROJECT}/backups"),
            Service::Rds | Service::GaussdbOpengauss => format!("/v3/{PROJECT}/backups"),
            Service::Dcs => format!("/v1.0/{PROJECT}/instances/{instance}/backups"),
            Service::Taurusdb => {
                format!("/v3/{PROJECT}/instances/{instance}/incremental-backups")
            }
        }
    }

    /// The path template of the operation, as logged.
    pub fn path_template(self) -> &'static str {
        match self {
            Service::GaussdbNosql => "/v3.1/{project_id}/backups",
            Service::Rds | Service::GaussdbOpengauss => "/v3/{project_id}/backups",
            Service::Dcs => "/v1.0/{project_id}/instances/{instance_id}/backups",
            Service::Taurusdb => "/v3/{project_id}/instances/{instance_id}/incremental-backups",
        }
    }

    /// `body` decoded as the operation's response type, serialized back to JSON.
    pub fn decode(self, body: &Value) -> Value {
        fn via<T: serde::de::DeserializeOwned + Serialize>(body: &Value) -> Value {
            let decoded: T = serde_json::from_value(body.clone())
                .unwrap_or_else(|e| panic!("does not decode: {e}"));
            to_json(&decoded)
        }
        match self {
            Service::GaussdbNosql => via::<gaussdb_nosql::ListBackupsResponse>(body),
            Service::Rds => via::<rds::ListBackupsResponse>(body),
            Service::Dcs => via::<dcs::ListBackupsResponse>(body),
            Service::GaussdbOpengauss => via::<gaussdb_opengauss::ListBackupsResponse>(body),
            Service::Taurusdb => via::<taurusdb::ListIncrementalBackupsResponse>(body),
        }
    }

    /// Whether the instance id is a path segment (else it is the `instance_id` query
    /// parameter).
    pub fn instance_in_path(self) -> bool {
        matches!(self, Service::Dcs | Service::Taurusdb)
    }

    /// The response field with the items.
    pub fn items_key(self) -> &'static str {
        match self {
            Service::Dcs => "backup_record_response",
            _ => "backups",
        }
    }

    /// The response field with the total.
    pub fn total_key(self) -> &'static str {
        match self {
            Service::Dcs => "total_num",
            _ => "total_count",
        }
    }

    /// The item field with the backup's id.
    pub fn id_key(self) -> &'static str {
        match self {
            Service::Dcs => "backup_id",
            _ => "id",
        }
    }

    /// The query parameter that positions a page, and its value for the first item.
    pub fn offset_param(self) -> (&'static str, u64) {
        match self {
            Service::Dcs => ("start", 1),
            _ => ("offset", 0),
        }
    }

    /// An enum field of an item, if the items have one (TaurusDB's have none).
    pub fn enum_key(self) -> Option<&'static str> {
        match self {
            Service::Taurusdb => None,
            _ => Some("status"),
        }
    }

    /// The success examples of the spec's listing (its other operations have their own).
    pub fn examples(self) -> Vec<super::Example> {
        let listing = format!("{} get ", self.path_template());
        super::examples(self.spec())
            .into_iter()
            .filter(|example| {
                example.status.starts_with('2') && example.pointer.starts_with(&listing)
            })
            .collect()
    }

    /// An item as the docs show it, with its id set to `id`.
    pub fn item(self, id: &str) -> Value {
        let example = self
            .examples()
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("{self:?}: no success example"));
        let mut item = example.value[self.items_key()][0].clone();
        item[self.id_key()] = Value::from(id);
        item
    }

    /// A response body with `items` and `total`.
    pub fn page(self, items: &[Value], total: Option<u64>) -> Value {
        let mut page = serde_json::Map::new();
        page.insert(self.items_key().to_owned(), Value::from(items.to_vec()));
        if let Some(total) = total {
            page.insert(self.total_key().to_owned(), Value::from(total));
        }
        Value::Object(page)
    }

    /// One call of the operation for `instance` with the caller's `window`: the typed
    /// response, serialized back to JSON so that tests can compare any service's.
    pub async fn send(
        self,
        config: &Config,
        instance: &str,
        window: Window,
    ) -> Result<Value, Error> {
        match self {
            Service::GaussdbNosql => json(nosql(config, instance, window).send().await),
            Service::Rds => json(rds(config, instance, window).send().await),
            Service::Dcs => json(dcs(config, instance, window).send().await),
            Service::GaussdbOpengauss => json(opengauss(config, instance, window).send().await),
            Service::Taurusdb => json(taurusdb(config, instance, window).send().await),
        }
    }

    /// The `Debug` output of the service's client and of a request builder.
    pub fn debug(self, config: &Config) -> String {
        let w = Window::default();
        match self {
            Service::GaussdbNosql => format!(
                "{:?} {:?}",
                gaussdb_nosql::Client::new(config),
                nosql(config, INSTANCE, w)
            ),
            Service::Rds => format!(
                "{:?} {:?}",
                rds::Client::new(config),
                rds(config, INSTANCE, w)
            ),
            Service::Dcs => format!(
                "{:?} {:?}",
                dcs::Client::new(config),
                dcs(config, INSTANCE, w)
            ),
            Service::GaussdbOpengauss => format!(
                "{:?} {:?}",
                gaussdb_opengauss::Client::new(config),
                opengauss(config, INSTANCE, w)
            ),
            Service::Taurusdb => format!(
                "{:?} {:?}",
                taurusdb::Client::new(config),
                taurusdb(config, INSTANCE, w)
            ),
        }
    }

    /// Every page through `into_pages`, each as JSON, until the stream ends.
    pub async fn pages(
        self,
        config: &Config,
        instance: &str,
        window: Window,
    ) -> Vec<Result<Value, Error>> {
        match self {
            Service::GaussdbNosql => collect(nosql(config, instance, window).into_pages()).await,
            Service::Rds => collect(rds(config, instance, window).into_pages()).await,
            Service::Dcs => collect(dcs(config, instance, window).into_pages()).await,
            Service::GaussdbOpengauss => {
                collect(opengauss(config, instance, window).into_pages()).await
            }
            Service::Taurusdb => collect(taurusdb(config, instance, window).into_pages()).await,
        }
    }

    /// Every item through `into_items`, each as JSON, until the stream ends.
    pub async fn items(
        self,
        config: &Config,
        instance: &str,
        window: Window,
    ) -> Vec<Result<Value, Error>> {
        match self {
            Service::GaussdbNosql => collect(nosql(config, instance, window).into_items()).await,
            Service::Rds => collect(rds(config, instance, window).into_items()).await,
            Service::Dcs => collect(dcs(config, instance, window).into_items()).await,
            Service::GaussdbOpengauss => {
                collect(opengauss(config, instance, window).into_items()).await
            }
            Service::Taurusdb => collect(taurusdb(config, instance, window).into_items()).await,
        }
    }

    /// The first `n` items through `into_items`, leaving the rest unfetched.
    pub async fn first_items(self, config: &Config, window: Window, n: usize) -> Vec<Value> {
        async fn take<T: Serialize>(items: Items<T>, n: usize) -> Vec<Value> {
            items
                .take(n)
                .map(|item| to_json(&item.unwrap_or_else(|e| panic!("{e}"))))
                .collect()
                .await
        }
        match self {
            Service::GaussdbNosql => take(nosql(config, INSTANCE, window).into_items(), n).await,
            Service::Rds => take(rds(config, INSTANCE, window).into_items(), n).await,
            Service::Dcs => take(dcs(config, INSTANCE, window).into_items(), n).await,
            Service::GaussdbOpengauss => {
                take(opengauss(config, INSTANCE, window).into_items(), n).await
            }
            Service::Taurusdb => take(taurusdb(config, INSTANCE, window).into_items(), n).await,
        }
    }
}

/// Applies a caller's [`Window`] to a request builder; `$offset` is its offset setter and
/// `$value` converts a number into the setter's type.
macro_rules! windowed {
    ($request:expr, $w:expr, $offset:ident, $value:expr) => {{
        let (mut request, w): (_, Window) = ($request, $w);
        if let Some(offset) = w.offset {
            request = request.$offset($value(offset));
        }
        if let Some(limit) = w.limit {
            request = request.limit($value(limit).into());
        }
        if let Some(timeout) = w.timeout {
            request = request.timeout(timeout);
        }
        if let Some(attempts) = w.max_attempts {
            request = request.max_attempts(attempts);
        }
        request
    }};
}

fn nosql(config: &Config, instance: &str, w: Window) -> gaussdb_nosql::ListBackupsBuilder {
    let request = gaussdb_nosql::Client::new(config)
        .list_backups()
        .instance_id(instance);
    windowed!(request, w, offset, int)
}

fn rds(config: &Config, instance: &str, w: Window) -> rds::ListBackupsBuilder {
    windowed!(
        rds::Client::new(config).list_backups(instance),
        w,
        offset,
        int
    )
}

fn dcs(config: &Config, instance: &str, w: Window) -> dcs::ListBackupsBuilder {
    windowed!(
        dcs::Client::new(config).list_backups(instance),
        w,
        start,
        int
    )
}

fn opengauss(config: &Config, instance: &str, w: Window) -> gaussdb_opengauss::ListBackupsBuilder {
    let request = gaussdb_opengauss::Client::new(config)
        .list_backups()
        .instance_id(instance);
    windowed!(request, w, offset, int)
}

fn taurusdb(config: &Config, instance: &str, w: Window) -> taurusdb::ListIncrementalBackupsBuilder {
    // TaurusDB documents offset and limit as strings (and the limit as an enum of them).
    let request = taurusdb::Client::new(config).list_incremental_backups(instance);
    windowed!(request, w, offset, TaurusNumber)
}

/// A number as TaurusDB's string `offset` and `limit` take it.
struct TaurusNumber(u32);

impl From<TaurusNumber> for String {
    fn from(n: TaurusNumber) -> String {
        n.0.to_string()
    }
}

impl From<TaurusNumber> for taurusdb::Limit {
    fn from(n: TaurusNumber) -> taurusdb::Limit {
        taurusdb::Limit::from(n.0.to_string().as_str())
    }
}

fn int(n: u32) -> i32 {
    i32::try_from(n).unwrap_or_else(|e| panic!("{n}: {e}"))
}

pub fn to_json<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or_else(|e| panic!("re-encoding a decoded value: {e}"))
}

fn json<T: Serialize>(result: Result<T, Error>) -> Result<Value, Error> {
    result.map(|value| to_json(&value))
}

async fn collect<T: Serialize>(stream: Pages<T>) -> Vec<Result<Value, Error>> {
    stream.map(json).collect().await
}

/// The ids of `items` (JSON items of `service`), failing on an error item.
pub fn ids(service: Service, items: &[Result<Value, Error>]) -> Vec<String> {
    items
        .iter()
        .map(|item| match item {
            Ok(item) => item[service.id_key()]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
            Err(e) => panic!("{service:?}: unexpected error item: {e}"),
        })
        .collect()
}
