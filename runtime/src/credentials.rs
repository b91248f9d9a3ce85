//! How requests authenticate: an IAM token, or an AK/SK pair that signs every request (the
//! Huawei Cloud ways); or what another API's spec declares: a bearer token, a user and
//! password, an API key.

use std::fmt;

use crate::error::{Error, Result};

/// Environment variable holding the access key id (as in Huawei's own SDKs).
pub const ENV_AK: &str = "HUAWEICLOUD_SDK_AK";
/// Environment variable holding the secret access key.
pub const ENV_SK: &str = "HUAWEICLOUD_SDK_SK";
/// Environment variable holding the security token of temporary AK/SK credentials.
pub const ENV_SECURITY_TOKEN: &str = "HUAWEICLOUD_SDK_SECURITY_TOKEN";

/// A string that must never be shown: its `Debug` prints a placeholder.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Secret(String);

impl Secret {
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// What a request authenticates with.
///
/// [`crate::ConfigBuilder::credentials`] takes those of every call that declares no
/// security scheme: Huawei Cloud's [`Credentials::token`] or [`Credentials::aksk`] (or a
/// [`Credentials::bearer`] token or [`Credentials::basic`] password, sent as
/// `Authorization`). [`crate::ConfigBuilder::auth`] takes those of one security scheme of a
/// spec: [`Credentials::bearer`], [`Credentials::basic`] or [`Credentials::api_key`].
///
/// `Debug` shows the kind, the access key id (which is not secret: it appears in every
/// signed request) and a basic user name, never a secret key, password, token or API key.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    pub(crate) kind: Kind,
}

#[derive(Clone, PartialEq, Eq)]
pub(crate) enum Kind {
    None,
    Token(Secret),
    AkSk {
        ak: String,
        sk: Secret,
        security_token: Option<Secret>,
    },
    /// `Authorization: Bearer <token>`.
    Bearer(Secret),
    /// `Authorization: Basic <base64(user:password)>`.
    Basic {
        user: String,
        password: Secret,
    },
    /// An API key; the scheme says where it goes.
    ApiKey(Secret),
    /// A misuse found while building; reported by [`crate::ConfigBuilder::build`] because
    /// the builder methods are infallible.
    Invalid(&'static str),
}

impl Credentials {
    /// An IAM token, sent as the `X-Auth-Token` header.
    pub fn token(token: impl Into<String>) -> Credentials {
        Credentials {
            kind: Kind::Token(Secret(token.into())),
        }
    }

    /// A permanent access key id and secret access key: every request is signed with
    /// SDK-HMAC-SHA256.
    pub fn aksk(ak: impl Into<String>, sk: impl Into<String>) -> Credentials {
        Credentials {
            kind: Kind::AkSk {
                ak: ak.into(),
                sk: Secret(sk.into()),
                security_token: None,
            },
        }
    }

    /// Adds the security token of temporary AK/SK credentials; it is sent (and signed) as
    /// `X-Security-Token`. Only AK/SK credentials take a security token: on others the
    /// configuration fails to build.
    pub fn with_security_token(self, token: impl Into<String>) -> Credentials {
        match self.kind {
            Kind::AkSk { ak, sk, .. } => Credentials {
                kind: Kind::AkSk {
                    ak,
                    sk,
                    security_token: Some(Secret(token.into())),
                },
            },
            Kind::Invalid(why) => Credentials {
                kind: Kind::Invalid(why),
            },
            Kind::None
            | Kind::Token(_)
            | Kind::Bearer(_)
            | Kind::Basic { .. }
            | Kind::ApiKey(_) => Credentials {
                kind: Kind::Invalid(
                    "a security token was added to credentials that are not AK/SK; use Credentials::aksk(..).with_security_token(..)",
                ),
            },
        }
    }

    /// A bearer token (`Authorization: Bearer <token>`), for an HTTP `bearer`, OAuth 2.0 or
    /// OpenID Connect security scheme. For OAuth 2.0 and OpenID Connect this is an access
    /// token you obtained: this crate does not run their flows to fetch or refresh one.
    pub fn bearer(token: impl Into<String>) -> Credentials {
        Credentials {
            kind: Kind::Bearer(Secret(token.into())),
        }
    }

    /// A user and password for HTTP `basic` authentication (`Authorization: Basic
    /// <base64(user:password)>`).
    pub fn basic(user: impl Into<String>, password: impl Into<String>) -> Credentials {
        Credentials {
            kind: Kind::Basic {
                user: user.into(),
                password: Secret(password.into()),
            },
        }
    }

    /// An API key, for an `apiKey` security scheme: sent in the header, query parameter
    /// or cookie the scheme names.
    pub fn api_key(key: impl Into<String>) -> Credentials {
        Credentials {
            kind: Kind::ApiKey(Secret(key.into())),
        }
    }

    /// No authentication, for APIs that need none.
    pub fn none() -> Credentials {
        Credentials { kind: Kind::None }
    }

    /// AK/SK credentials from `HUAWEICLOUD_SDK_AK` and `HUAWEICLOUD_SDK_SK`, with the
    /// security token from `HUAWEICLOUD_SDK_SECURITY_TOKEN` when it is set.
    ///
    /// Fails with [`Error::Config`] naming the variable that is missing or empty.
    pub fn from_env() -> Result<Credentials> {
        Credentials::from_lookup(crate::config::env_var)
    }

    /// [`Credentials::from_env`] over any variable lookup, so it can be tested without
    /// touching the process environment.
    pub(crate) fn from_lookup(
        lookup: impl Fn(&'static str) -> Result<Option<String>>,
    ) -> Result<Credentials> {
        let required = |name: &'static str| {
            lookup(name)?.ok_or_else(|| {
                Error::config(format!(
                    "the environment variable {name} is not set; set {ENV_AK} and {ENV_SK}, or pass credentials with ConfigBuilder::credentials"
                ))
            })
        };
        let credentials = Credentials::aksk(required(ENV_AK)?, required(ENV_SK)?);
        Ok(match lookup(ENV_SECURITY_TOKEN)? {
            Some(token) => credentials.with_security_token(token),
            None => credentials,
        })
    }

    /// The access key id, for AK/SK credentials.
    pub fn access_key(&self) -> Option<&str> {
        match &self.kind {
            Kind::AkSk { ak, .. } => Some(ak),
            _ => None,
        }
    }

    /// Checks what the infallible constructors could not: nothing empty, and every value
    /// usable in an HTTP header (no line breaks that could inject headers).
    pub(crate) fn validate(&self) -> Result<()> {
        let check = |what: &str, value: &str| {
            if value.trim().is_empty() {
                Err(Error::config(format!("the {what} is empty")))
            } else if http::HeaderValue::from_str(value).is_err() {
                // The value is not echoed: it may be a secret.
                Err(Error::config(format!(
                    "the {what} contains characters not allowed in an HTTP header (such as a line break)"
                )))
            } else {
                Ok(())
            }
        };
        match &self.kind {
            Kind::None => Ok(()),
            Kind::Token(token) => check("IAM token", token.expose()),
            Kind::AkSk {
                ak,
                sk,
                security_token,
            } => {
                check("access key id (AK)", ak)?;
                check("secret access key (SK)", sk.expose())?;
                match security_token {
                    Some(token) => check("security token", token.expose()),
                    None => Ok(()),
                }
            }
            Kind::Bearer(token) => check("bearer token", token.expose()),
            // Both are base64-encoded, so any text is safe in the header; either may be
            // empty (an API key as the user name with no password is common). Only the
            // first ':' separates them, so the user name cannot hold one.
            Kind::Basic { user, .. } if user.contains(':') => Err(Error::config(
                "the basic user name contains ':', which separates it from the password",
            )),
            Kind::Basic { .. } => Ok(()),
            Kind::ApiKey(key) => check("API key", key.expose()),
            Kind::Invalid(why) => Err(Error::config(*why)),
        }
    }

    /// Checks credentials given to [`crate::ConfigBuilder::credentials`]: an API key cannot
    /// be, since only a scheme says where it goes.
    pub(crate) fn validate_configured(&self) -> Result<()> {
        self.validate()?;
        match self.kind {
            Kind::ApiKey(_) => Err(Error::config(
                "an API key needs the security scheme that says where it goes: register it with ConfigBuilder::auth(scheme name, Credentials::api_key(..))",
            )),
            _ => Ok(()),
        }
    }

    /// Checks credentials registered for the security scheme `scheme`: only what a spec's
    /// scheme can send.
    pub(crate) fn validate_for_scheme(&self, scheme: &str) -> Result<()> {
        self.validate()?;
        match self.kind {
            Kind::Bearer(_) | Kind::Basic { .. } | Kind::ApiKey(_) => Ok(()),
            _ => Err(Error::config(format!(
                "the credentials registered for the security scheme `{scheme}` are {}; a scheme takes Credentials::bearer, ::basic or ::api_key (an IAM token or AK/SK goes to ConfigBuilder::credentials)",
                self.describe()
            ))),
        }
    }

    /// What they are, for messages (never a secret).
    pub(crate) fn describe(&self) -> &'static str {
        match &self.kind {
            Kind::None => "no credentials",
            Kind::Token(_) => "an IAM token",
            Kind::AkSk { .. } => "AK/SK",
            Kind::Bearer(_) => "a bearer token",
            Kind::Basic { .. } => "HTTP basic",
            Kind::ApiKey(_) => "an API key",
            Kind::Invalid(_) => "invalid",
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("Credentials");
        match &self.kind {
            Kind::None => s.field("kind", &"none"),
            Kind::Token(_) => s.field("kind", &"token"),
            Kind::AkSk {
                ak, security_token, ..
            } => s
                .field("kind", &"aksk")
                .field("ak", ak)
                .field("security_token", &security_token.is_some()),
            Kind::Bearer(_) => s.field("kind", &"bearer"),
            Kind::Basic { user, .. } => s.field("kind", &"basic").field("user", user),
            Kind::ApiKey(_) => s.field("kind", &"api_key"),
            Kind::Invalid(why) => s.field("kind", &"invalid").field("problem", why),
        };
        s.finish_non_exhaustive()
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn lookup(
        vars: &[(&'static str, &str)],
    ) -> impl Fn(&'static str) -> Result<Option<String>> + use<> {
        let vars: HashMap<&'static str, String> =
            vars.iter().map(|(k, v)| (*k, (*v).to_owned())).collect();
        move |name| Ok(vars.get(name).cloned())
    }

    #[test]
    fn from_env_reads_ak_sk_and_token() {
        let c = Credentials::from_lookup(lookup(&[
            (ENV_AK, "AK1"),
            (ENV_SK, "SK1"),
            (ENV_SECURITY_TOKEN, "T1"),
        ]))
        .unwrap();
        assert_eq!(c, Credentials::aksk("AK1", "SK1").with_security_token("T1"));
        let c = Credentials::from_lookup(lookup(&[(ENV_AK, "AK1"), (ENV_SK, "SK1")])).unwrap();
        assert_eq!(c, Credentials::aksk("AK1", "SK1"));
    }

    #[test]
    fn from_env_names_missing_variable() {
        let e = Credentials::from_lookup(lookup(&[(ENV_AK, "AK1")])).unwrap_err();
        let msg = e.to_string();
        assert!(matches!(e, Error::Config { .. }));
        assert!(
            msg.contains("HUAWEICLOUD_SDK_SK is not set"),
            "unexpected message: {msg}"
        );
        let e = Credentials::from_lookup(lookup(&[])).unwrap_err();
        assert!(e.to_string().contains("HUAWEICLOUD_SDK_AK is not set"));
    }

    #[test]
    fn debug_hides_secrets() {
        let c = Credentials::aksk("MYAK", "TOPSECRETSK").with_security_token("SECTOKEN");
        let d = format!("{c:?}");
        assert!(d.contains("MYAK"), "{d}");
        assert!(!d.contains("TOPSECRETSK") && !d.contains("SECTOKEN"), "{d}");
        let d = format!("{:?}", Credentials::token("IAMTOKENVALUE"));
        assert!(d.contains("token") && !d.contains("IAMTOKENVALUE"), "{d}");
        let d = format!("{:?}", Credentials::bearer("BEARERVALUE"));
        assert!(d.contains("bearer") && !d.contains("BEARERVALUE"), "{d}");
        let d = format!("{:?}", Credentials::basic("alice", "PASSWORDVALUE"));
        assert!(d.contains("alice") && !d.contains("PASSWORDVALUE"), "{d}");
        let d = format!("{:?}", Credentials::api_key("KEYVALUE"));
        assert!(d.contains("api_key") && !d.contains("KEYVALUE"), "{d}");
    }

    #[test]
    fn validate_rejects_bad_values_without_echo() {
        let e = Credentials::token("abc\r\nX-Evil: 1")
            .validate()
            .unwrap_err()
            .to_string();
        assert!(e.contains("IAM token") && !e.contains("Evil"), "{e}");
        assert!(Credentials::aksk("", "sk").validate().is_err());
        assert!(Credentials::aksk("ak", " ").validate().is_err());
        assert!(
            Credentials::token("t")
                .with_security_token("x")
                .validate()
                .is_err()
        );
        assert!(
            Credentials::aksk("ak", "sk")
                .with_security_token("x")
                .validate()
                .is_ok()
        );
        assert!(Credentials::none().validate().is_ok());
        assert!(Credentials::bearer("").validate().is_err());
        assert!(Credentials::api_key("k\n").validate().is_err());
        assert!(Credentials::basic("a:b", "p").validate().is_err());
        assert!(Credentials::basic("sk_test_key", "").validate().is_ok());
        assert!(Credentials::basic("alice", "p:\n").validate().is_ok());
        assert!(
            Credentials::bearer("t")
                .with_security_token("x")
                .validate()
                .is_err()
        );
    }
}
