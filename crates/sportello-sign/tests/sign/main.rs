//! Sportello's signatures checked by independent validators (pyHanko, pdfsig, qpdf).

mod pades;
mod tools;
