//! `frontline import`: the standards table a company already keeps (服务标准表, in Excel, WPS,
//! LibreOffice, CSV or Markdown) read into a blueprint that a trainer completes.

pub mod ids;
pub mod target;
