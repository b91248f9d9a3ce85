//! What generated code would otherwise repeat for every type or request builder, written
//! once: the impls of forward-compatible string enums, the `Deserialize` of structs, and
//! the per-call override setters of builders.
//!
//! These are `macro_rules!` (not generic functions) because each writes trait impls or
//! inherent methods for a type of the generated crate, which only that crate may write.
//! The struct decoder expands to a fifth of what `#[derive(Deserialize)]` writes (no
//! field-identifier enum and visitor, no sequence form), which is most of the time
//! `cargo check` spends on a generated crate.

/// The impls of a forward-compatible string enum: `as_str`, `Display`, `From<&str>`,
/// `FromStr` (never fails), and serde by the wire value; a value not listed becomes the
/// catch-all variant, which keeps it as sent and writes it back unchanged.
///
/// ```
/// #[derive(Clone, Debug, PartialEq, Eq)]
/// pub enum Status {
///     Active,
///     Unknown(String),
/// }
/// hwc_runtime::string_enum!(Status, Unknown, { Active => "ACTIVE" });
///
/// assert_eq!(Status::from("ACTIVE"), Status::Active);
/// assert_eq!(Status::from("FROZEN").as_str(), "FROZEN");
/// ```
#[macro_export]
macro_rules! string_enum {
    ($name:ident, $unknown:ident, { $($variant:ident => $wire:literal),* $(,)? }) => {
        impl $name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::$unknown(value) => value.as_str(),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($wire => Self::$variant,)*
                    other => Self::$unknown(other.to_owned()),
                }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl $crate::serde::Serialize for $name {
            fn serialize<S: $crate::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::de::string_with(deserializer, |value| Self::from(value))
            }
        }
    };
}

/// `Deserialize` for a struct read from a JSON object, field by wire name: the fields in
/// braces are required (absent: a "missing field" error), those after `optional` are
/// `Option`s (absent or `null`: `None`), and the map named after `rest`, if any, takes
/// every other property; other properties are ignored. When a property appears twice the
/// last one counts.
///
/// ```
/// #[derive(Debug, PartialEq)]
/// pub struct Backup {
///     pub id: String,
///     pub r#type: Option<String>,
/// }
/// hwc_runtime::deserialize_struct!(Backup { id = "id" } optional { r#type = "type" });
///
/// let backup: Backup = serde_json::from_str(r#"{"id": "b1", "type": null, "x": 1}"#)?;
/// assert_eq!(backup, Backup { id: "b1".into(), r#type: None });
/// # Ok::<(), serde_json::Error>(())
/// ```
#[macro_export]
macro_rules! deserialize_struct {
    (
        $name:ident { $($required:ident = $required_wire:literal),* $(,)? }
        $(optional { $($optional:ident = $optional_wire:literal),* $(,)? })?
        $(rest $rest:ident)?
    ) => {
        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                struct Visitor;

                impl<'de> $crate::serde::de::Visitor<'de> for Visitor {
                    type Value = $name;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(concat!("struct ", stringify!($name)))
                    }

                    fn visit_map<A: $crate::serde::de::MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> ::std::result::Result<$name, A::Error> {
                        $(let mut $required = None;)*
                        $($(let mut $optional = None;)*)?
                        $(let mut $rest = ::std::default::Default::default();)?
                        while let Some(key) = map.next_key::<$crate::de::Key<'de>>()? {
                            match key.as_str() {
                                $($required_wire => $required = Some(map.next_value()?),)*
                                $($($optional_wire => $optional = map.next_value()?,)*)?
                                _ => $crate::deserialize_struct!(@other map, key $(, $rest)?),
                            }
                        }
                        Ok($name {
                            $($required: $crate::de::required($required, $required_wire)?,)*
                            $($($optional,)*)?
                            $($rest,)?
                        })
                    }
                }

                deserializer.deserialize_map(Visitor)
            }
        }
    };
    (@other $map:ident, $key:ident) => {
        $crate::de::skip(&mut $map)?
    };
    (@other $map:ident, $key:ident, $rest:ident) => {
        $crate::de::put(&mut $rest, $key.into_string(), $map.next_value()?)
    };
}

/// The per-call override setters of a request builder whose `options` field holds its
/// [`CallOptions`](crate::CallOptions): `timeout`, `max_attempts` and `base_delay`, and,
/// with `retry_writes` after the name (builders of calls that are not idempotent),
/// `retry_writes`; and its [`CallBuilder`](crate::CallBuilder) impl.
#[macro_export]
macro_rules! call_options {
    ($builder:ident) => {
        impl $crate::CallBuilder for $builder {
            fn call_options(&mut self) -> &mut $crate::CallOptions {
                &mut self.options
            }
        }

        impl $builder {
            /// Overrides, for this call, the configured time allowed for one attempt (from
            /// sending to the end of the body); past it the call ends with a timeout error.
            pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.options.timeout(timeout);
                self
            }

            /// Overrides, for this call, how many times it is tried at most, the first
            /// attempt included (1: no retry).
            pub fn max_attempts(mut self, attempts: u32) -> Self {
                self.options.max_attempts(attempts);
                self
            }

            /// Overrides, for this call, the wait before the first retry (doubled for each
            /// further one, with jitter).
            pub fn base_delay(mut self, delay: ::std::time::Duration) -> Self {
                self.options.base_delay(delay);
                self
            }
        }
    };
    ($builder:ident, retry_writes) => {
        $crate::call_options!($builder);

        impl $builder {
            /// Overrides, for this call, the configuration's `retry_writes`. This call is
            /// not idempotent: by default it is retried only when it cannot have reached
            /// the server (the connection could not be made, or it was throttled with
            /// 429); `true` also retries it after a 5xx or a connection broken after
            /// sending, when the server may already have carried it out, so it may be
            /// carried out twice. Set it only when that is harmless.
            pub fn retry_writes(mut self, retry: bool) -> Self {
                self.options.retry_writes(retry);
                self
            }
        }
    };
}
