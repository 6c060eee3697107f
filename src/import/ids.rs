//! Readable, unique ids for what a table names: from English words, or the pinyin of Chinese.
