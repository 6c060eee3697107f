//! Writing the sign-off sheet: see [`super`] for its layout.
