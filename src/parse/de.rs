//! serde over a spanned [`Node`]: read a YAML (or JSON) tree into typed
//! structs, with errors that carry the byte range of the offending value.
//!
//! A plain YAML scalar asked for as a string is its source text (`version:
//! 2.0` reads as `"2.0"`), as a YAML reader without a schema would give it.

use super::tree::{Entry, Node, NodeKind};
use serde::de::{self, IntoDeserializer, Visitor};
use serde::forward_to_deserialize_any;
use std::fmt;
use std::ops::Range;

/// A deserialization error and, when known, where it happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeError {
    pub message: String,
    pub range: Option<Range<usize>>,
}

impl DeError {
    /// Places the error at `range` unless a deeper value already placed it.
    fn at(mut self, range: &Range<usize>) -> DeError {
        if self.range.is_none() {
            self.range = Some(range.clone());
        }
        self
    }
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DeError {
            message: msg.to_string(),
            range: None,
        }
    }
}

/// Reads `node` (parsed from `text`) into a `T`.
pub fn from_node<'de, T: de::Deserialize<'de>>(
    node: &'de Node,
    text: &'de str,
) -> Result<T, DeError> {
    T::deserialize(NodeDe { node, text })
}

#[derive(Clone, Copy)]
struct NodeDe<'de> {
    node: &'de Node,
    text: &'de str,
}

impl<'de> NodeDe<'de> {
    fn source(&self) -> &'de str {
        self.text.get(self.node.range.clone()).unwrap_or_default()
    }
}

impl<'de> de::Deserializer<'de> for NodeDe<'de> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let result = match &self.node.kind {
            // serde calls it a "unit value"; a YAML reader says null.
            NodeKind::Null => visitor.visit_unit().map_err(|mut e: DeError| {
                e.message = e.message.replacen("unit value", "null", 1);
                e
            }),
            NodeKind::Bool(b) => visitor.visit_bool(*b),
            NodeKind::Int(i) => visitor.visit_i64(*i),
            NodeKind::Float(f) => visitor.visit_f64(*f),
            NodeKind::Str(s) | NodeKind::Expr(s) => visitor.visit_borrowed_str(s),
            NodeKind::Seq(items) => visitor.visit_seq(SeqDe {
                items: items.iter(),
                text: self.text,
            }),
            NodeKind::Map(entries) => visitor.visit_map(MapDe {
                entries: entries.iter(),
                value: None,
                text: self.text,
            }),
        };
        result.map_err(|e| e.at(&self.node.range))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.node.kind {
            NodeKind::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match &self.node.kind {
            NodeKind::Bool(_) | NodeKind::Int(_) | NodeKind::Float(_) => visitor
                .visit_borrowed_str(self.source())
                .map_err(|e: DeError| e.at(&self.node.range)),
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        match &self.node.kind {
            NodeKind::Str(s) => visitor
                .visit_enum(s.as_str().into_deserializer())
                .map_err(|e: DeError| e.at(&self.node.range)),
            _ => self.deserialize_any(visitor),
        }
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char bytes
        byte_buf unit unit_struct seq tuple tuple_struct map struct
        identifier ignored_any
    }
}

struct SeqDe<'de> {
    items: std::slice::Iter<'de, Node>,
    text: &'de str,
}

impl<'de> de::SeqAccess<'de> for SeqDe<'de> {
    type Error = DeError;

    fn next_element_seed<T: de::DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DeError> {
        match self.items.next() {
            None => Ok(None),
            Some(node) => seed
                .deserialize(NodeDe {
                    node,
                    text: self.text,
                })
                .map(Some)
                .map_err(|e| e.at(&node.range)),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct MapDe<'de> {
    entries: std::slice::Iter<'de, Entry>,
    value: Option<&'de Node>,
    text: &'de str,
}

impl<'de> de::MapAccess<'de> for MapDe<'de> {
    type Error = DeError;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        match self.entries.next() {
            None => Ok(None),
            Some(entry) => {
                self.value = Some(&entry.value);
                let key: de::value::BorrowedStrDeserializer<'de, DeError> =
                    de::value::BorrowedStrDeserializer::new(&entry.key);
                seed.deserialize(key)
                    .map(Some)
                    .map_err(|e| e.at(&entry.key_range))
            }
        }
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, DeError> {
        let node = self
            .value
            .take()
            .ok_or_else(|| <DeError as de::Error>::custom("a value was read before its key"))?;
        seed.deserialize(NodeDe {
            node,
            text: self.text,
        })
        .map_err(|e| e.at(&node.range))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Doc {
        swagger: String,
        #[serde(default)]
        tags: Option<Vec<String>>,
        deprecated: Option<bool>,
        kind: Option<Kind>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    enum Kind {
        #[serde(rename = "ANY")]
        Any,
    }

    fn read(text: &str) -> Result<Doc, DeError> {
        let parsed = crate::parse::yaml::parse(text).unwrap();
        from_node(&parsed.root, text)
    }

    #[test]
    fn plain_scalars_read_as_their_text() {
        let doc = read("swagger: 2.0\ntags: [a, 10]\ndeprecated: true\nkind: ANY\n").unwrap();
        assert_eq!(
            doc,
            Doc {
                swagger: "2.0".into(),
                tags: Some(vec!["a".into(), "10".into()]),
                deprecated: Some(true),
                kind: Some(Kind::Any),
            }
        );
    }

    #[test]
    fn errors_point_at_the_value() {
        let text = "swagger: '2.0'\ndeprecated: [yes]\n";
        let err = read(text).unwrap_err();
        assert_eq!(err.message, "invalid type: sequence, expected a boolean");
        assert_eq!(&text[err.range.unwrap()], "[yes]");
        let text = "swagger: '2.0'\nkind: SOME\n";
        let err = read(text).unwrap_err();
        assert_eq!(err.message, "unknown variant `SOME`, expected `ANY`");
        assert_eq!(&text[err.range.unwrap()], "SOME");
        let err = read("tags: []\n").unwrap_err();
        assert_eq!(err.message, "missing field `swagger`");
        assert_eq!(err.range, Some(0..9));
    }
}
