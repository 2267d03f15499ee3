//! A page view that hydrates only synchronously, which is how this app
//! hydrates (`hydrate_body`): it renders, hydrates and updates exactly like
//! the view it wraps.
//!
//! Why it exists: the router type-erases each route's view (`into_any`), and
//! an erased view carries a pointer to every way of rendering it, including
//! `hydrate_async` (used only by lazy routes and islands, neither of which
//! this app has). That pointer keeps an asynchronous copy of the page's whole
//! hydration code in the WASM, tens of KB nobody runs. This wrapper answers
//! `hydrate_async` with the trait's default (the synchronous `hydrate`), so
//! that copy is never compiled.

use leptos::tachys::{
    html::attribute::{Attribute, any_attribute::AnyAttribute},
    hydration::Cursor,
    ssr::StreamBuilder,
    view::{Position, PositionState, Render, RenderHtml, add_attr::AddAnyAttr},
};

/// The page `V`, hydrated synchronously only (see the module docs).
pub struct SyncHydration<V>(pub V);

impl<V: Render> Render for SyncHydration<V> {
    type State = V::State;

    fn build(self) -> Self::State {
        self.0.build()
    }

    fn rebuild(self, state: &mut Self::State) {
        self.0.rebuild(state)
    }
}

impl<V: AddAnyAttr> AddAnyAttr for SyncHydration<V> {
    type Output<SomeNewAttr: Attribute> = SyncHydration<V::Output<SomeNewAttr>>;

    fn add_any_attr<NewAttr: Attribute>(self, attr: NewAttr) -> Self::Output<NewAttr>
    where
        Self::Output<NewAttr>: RenderHtml,
    {
        SyncHydration(self.0.add_any_attr(attr))
    }
}

impl<V: RenderHtml> RenderHtml for SyncHydration<V> {
    type AsyncOutput = SyncHydration<V::AsyncOutput>;
    type Owned = SyncHydration<V::Owned>;

    const MIN_LENGTH: usize = V::MIN_LENGTH;
    const EXISTS: bool = V::EXISTS;

    fn dry_resolve(&mut self) {
        self.0.dry_resolve()
    }

    async fn resolve(self) -> Self::AsyncOutput {
        SyncHydration(self.0.resolve().await)
    }

    fn html_len(&self) -> usize {
        self.0.html_len()
    }

    fn to_html_with_buf(
        self,
        buf: &mut String,
        position: &mut Position,
        escape: bool,
        mark_branches: bool,
        extra_attrs: Vec<AnyAttribute>,
    ) {
        self.0
            .to_html_with_buf(buf, position, escape, mark_branches, extra_attrs)
    }

    fn to_html_async_with_buf<const OUT_OF_ORDER: bool>(
        self,
        buf: &mut StreamBuilder,
        position: &mut Position,
        escape: bool,
        mark_branches: bool,
        extra_attrs: Vec<AnyAttribute>,
    ) {
        self.0.to_html_async_with_buf::<OUT_OF_ORDER>(
            buf,
            position,
            escape,
            mark_branches,
            extra_attrs,
        )
    }

    fn hydrate<const FROM_SERVER: bool>(
        self,
        cursor: &Cursor,
        position: &PositionState,
    ) -> Self::State {
        self.0.hydrate::<FROM_SERVER>(cursor, position)
    }

    // `hydrate_async` is deliberately left to the trait's default.

    fn into_owned(self) -> Self::Owned {
        SyncHydration(self.0.into_owned())
    }
}
