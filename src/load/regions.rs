//! `default-regions` of gclint.toml: regions for the manifests that list
//! none, each pointing into the configuration file.

use crate::model::Manifest;
use crate::source::{SourceFile, SourceMap, Span, Spanned};
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Regions for the manifests that list none, with where they were written.
#[derive(Debug, Clone, Default)]
pub struct DefaultRegions {
    /// The configuration file, its text, and each region's byte range in it.
    pub path: PathBuf,
    pub text: String,
    pub regions: Vec<(String, Range<usize>)>,
}

impl DefaultRegions {
    /// Gives the manifests without `regions` these, pointing into the
    /// configuration file (added to `sources` when used).
    pub fn apply(&self, manifests: &mut [Manifest], sources: &mut SourceMap, root: &Path) {
        if self.regions.is_empty() || manifests.iter().all(|m| !m.regions.is_empty()) {
            return;
        }
        let file = sources.add(SourceFile::new(
            self.path.clone(),
            crate::source::relative(&self.path, root),
            self.text.clone(),
        ));
        for m in manifests.iter_mut().filter(|m| m.regions.is_empty()) {
            m.regions = self
                .regions
                .iter()
                .map(|(name, range)| Spanned::new(name.clone(), Span::new(file, range.clone())))
                .collect();
        }
    }
}
