//! The answers handed to the decoder, one parsed tree each.

use std::rc::Rc;

use crate::endpoints::Endpoint;
use crate::text::JsonError;
use crate::tree::Tree;

/// The parsed bodies handed to [`super::decode`]; any may be absent. The trees
/// are the viewer's own (shared, not copied): each body is parsed once.
#[derive(Debug, Default, Clone)]
pub struct Bodies {
    trees: [Option<Rc<Tree>>; 5],
}

impl Bodies {
    fn slot(e: Endpoint) -> usize {
        match e {
            Endpoint::Case => 0,
            Endpoint::Status => 1,
            Endpoint::ReceiptInfo => 2,
            Endpoint::Documents => 3,
            Endpoint::Page => 4,
        }
    }

    pub fn get(&self, e: Endpoint) -> Option<&Tree> {
        self.trees[Self::slot(e)].as_deref()
    }

    /// Forgets `e`'s answer.
    pub fn clear(&mut self, e: Endpoint) {
        self.trees[Bodies::slot(e)] = None;
    }

    pub fn set(&mut self, e: Endpoint, t: Rc<Tree>) {
        self.trees[Self::slot(e)] = Some(t);
    }

    /// Parses `text` as `e`'s answer.
    pub fn set_json(&mut self, e: Endpoint, text: &str) -> Result<(), JsonError> {
        self.set(e, Rc::new(Tree::parse(text)?));
        Ok(())
    }

    /// With `text` as `e`'s answer (left out if it is not JSON).
    pub fn with_json(mut self, e: Endpoint, text: &str) -> Bodies {
        let _ = self.set_json(e, text);
        self
    }
}
