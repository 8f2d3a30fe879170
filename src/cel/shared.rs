//! Lists and maps of an object's CEL value, shared rather than copied when the interpreter
//! clones them (as `a.?b` does, for the optional it returns): a clone is a reference count.
//!
//! Each is the interpreter's own list or map behind an `Arc`, and answers as that list or map
//! in every respect: its type, equality, and every operator go to the inner value, and
//! `as_builtin` hands out the inner value itself, so the interpreter's downcasts see a plain
//! list or map. Taking the value apart (`into_builtin`, `steal`) takes the inner value if no
//! one else holds it, else a copy of it, as the plain value would have been copied before.

use std::sync::Arc;

use cel::common::traits::{Adder, Container, Indexer, Iterable, Sizer, Zeroer};
use cel::common::types::{CelList, CelMap, Type};
use cel::common::value::{Builtin, BuiltinRef, CowVal, Val};
use cel::ExecutionError;

macro_rules! shared {
    ($name:ident, $inner:ident, $variant:ident) => {
        /// See the module documentation.
        #[derive(Clone, Debug)]
        pub struct $name<'v>(Arc<$inner<'v>>);

        impl<'v> $name<'v> {
            pub fn new(inner: $inner<'v>) -> Self {
                Self(Arc::new(inner))
            }

            /// The inner value, moved out if this is its only holder, else copied.
            fn into_inner(self) -> $inner<'v> {
                Arc::try_unwrap(self.0).unwrap_or_else(|shared| (*shared).clone())
            }
        }

        impl<'v> Val for $name<'v> {
            fn get_type(&self) -> &Type {
                self.0.get_type()
            }

            fn cel_type() -> &'static Type {
                <$inner<'static> as Val>::cel_type()
            }

            fn as_adder<'b, 'w>(&'b self) -> Option<&'b (dyn Adder + 'w)>
            where
                Self: 'w,
            {
                self.0.as_adder()
            }

            fn as_container(&self) -> Option<&dyn Container> {
                self.0.as_container()
            }

            fn as_indexer<'b, 'w>(&'b self) -> Option<&'b (dyn Indexer + 'w)>
            where
                Self: 'w,
            {
                self.0.as_indexer()
            }

            fn into_indexer<'w>(self: Box<Self>) -> Option<Box<dyn Indexer + 'w>>
            where
                Self: 'w,
            {
                Some(self)
            }

            fn as_iterable<'b, 'w>(&'b self) -> Option<&'b (dyn Iterable + 'w)>
            where
                Self: 'w,
            {
                self.0.as_iterable()
            }

            fn as_sizer(&self) -> Option<&dyn Sizer> {
                self.0.as_sizer()
            }

            fn as_zeroer(&self) -> Option<&dyn Zeroer> {
                self.0.as_zeroer()
            }

            fn equals(&self, other: &dyn Val) -> bool {
                self.0.equals(other)
            }

            fn clone_as_boxed<'w>(&self) -> Box<dyn Val + 'w>
            where
                Self: 'w,
            {
                Box::new(self.clone())
            }

            fn as_builtin<'b, 'w>(&'b self) -> BuiltinRef<'b, 'w>
            where
                Self: 'w,
            {
                BuiltinRef::$variant(&self.0)
            }

            fn into_builtin<'w>(self: Box<Self>) -> Option<Builtin<'w>>
            where
                Self: 'w,
            {
                Some(Builtin::$variant((*self).into_inner()))
            }
        }

        impl<'v> Indexer for $name<'v> {
            fn get<'b, 'w>(&'b self, idx: &dyn Val) -> Result<CowVal<'b, 'w>, ExecutionError>
            where
                Self: 'w,
            {
                Indexer::get(&*self.0, idx)
            }

            fn steal<'w>(
                self: Box<Self>,
                idx: &dyn Val,
            ) -> Result<Box<dyn Val + 'w>, ExecutionError>
            where
                Self: 'w,
            {
                // A found element is shared too (a clone of it is cheap or small); anything
                // else is left to the inner value's own `steal`, for its exact error.
                if let Ok(found) = Indexer::get(&*self.0, idx) {
                    return Ok(found.into_owned());
                }
                Box::new((*self).into_inner()).steal(idx)
            }
        }
    };
}

shared!(SharedList, CelList, List);
shared!(SharedMap, CelMap, Map);
