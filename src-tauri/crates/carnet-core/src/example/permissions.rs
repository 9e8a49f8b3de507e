//! Every operation of the example context and what it takes.

use crate::register::Access;
use crate::register::Access::Any;

pub const OPERATIONS: &[(&str, Access)] = &[("loans.lend", Any), ("loans.of", Any)];
