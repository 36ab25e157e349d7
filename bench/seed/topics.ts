// What complaints are about: per topic its category, the agencies and positions
// complained about, and the subjects and sentences a complainant writes.

export interface Topic {
  weight: number
  category: string
  agencies: readonly string[]
  positions: readonly string[]
  issue: readonly string[]
  subjects: readonly string[]
  sentences: readonly string[]
}

export const TOPICS: readonly Topic[] = [
  {
    weight: 16,
    category: 'Infrastruktur',
    agencies: ['DPUPR', 'PEMDES'],
    positions: ['Kepala Bidang Bina Marga', 'Pengawas Proyek', 'Kepala Desa', 'Kepala Seksi Jalan'],
    issue: ['kondisi jalan desa yang rusak', 'jembatan yang ambruk', 'proyek pengaspalan jalan'],
    subjects: [
      'Jalan rusak di Desa {desa} tidak kunjung diperbaiki',
      'Jembatan penghubung Dusun {dusun} ambruk dan membahayakan',
      'Pengaspalan jalan di {desa} diduga tidak sesuai spesifikasi',
      'Saluran drainase tersumbat, banjir di Desa {desa}',
      'Lampu penerangan jalan di Kecamatan {kec} padam berbulan-bulan',
    ],
    sentences: [
      'Jalan sepanjang {km} kilometer yang menghubungkan Dusun {dusun} dengan pusat desa rusak berat dan berlubang di banyak titik.',
      'Setiap kali hujan, lubang di badan jalan tergenang air sehingga pengendara sepeda motor sering terjatuh.',
      'Menurut papan proyek, pekerjaan tersebut dibiayai APBD tahun {tahun} dengan nilai kontrak sekitar Rp {juta} juta.',
      'Lapisan aspal yang baru dikerjakan {durasi} lalu sudah mengelupas, dan ketebalannya hanya sekitar dua sentimeter.',
      'Anak-anak sekolah terpaksa memutar sejauh {km} kilometer karena jembatan tidak dapat dilalui.',
      'Usulan perbaikan sudah kami sampaikan melalui musrenbang desa tiga tahun berturut-turut tetapi tidak pernah terealisasi.',
      'Truk pengangkut material sering melintas dengan muatan berlebih sehingga kerusakan jalan semakin parah.',
      'Saluran air di sisi jalan tertutup sedimen dan sampah sehingga air meluap ke permukiman.',
    ],
  },
  {
    weight: 11,
    category: 'Administrasi Kependudukan',
    agencies: ['DISDUKCAPIL', 'KECAMATAN'],
    positions: ['Operator Dukcapil', 'Kepala Seksi Pelayanan', 'Petugas Loket'],
    issue: ['pungutan liar dalam pelayanan dokumen kependudukan', 'pengurusan {dokumen}'],
    subjects: [
      'Pungutan liar pembuatan {dokumen} di Kecamatan {kec}',
      'Pengurusan {dokumen} dipersulit dan diminta biaya tambahan',
      '{dokumen} tidak selesai setelah menunggu {durasi}',
      'Calo menawarkan jasa percepatan dokumen di kantor Disdukcapil',
    ],
    sentences: [
      'Petugas di loket meminta uang sebesar Rp {ribu}.000 agar pembuatan {dokumen} dapat selesai pada hari yang sama.',
      'Padahal sesuai ketentuan, pelayanan administrasi kependudukan tidak dipungut biaya apa pun.',
      'Ketika kami menolak membayar, berkas kami dikatakan belum lengkap tanpa penjelasan yang jelas.',
      'Di depan kantor ada beberapa orang yang menawarkan jasa pengurusan dengan tarif Rp {ribu}.000 per dokumen.',
      'Blangko disebut selalu habis, tetapi orang yang membayar lebih dapat memperoleh dokumen dalam satu hari.',
      'Antrean dibuka pukul delapan tetapi petugas baru datang menjelang pukul sepuluh.',
    ],
  },
  {
    weight: 12,
    category: 'Pemerintahan Desa',
    agencies: ['PEMDES', 'DPMD', 'INSPEKTORAT'],
    positions: ['Kepala Desa', 'Sekretaris Desa', 'Bendahara Desa', 'Ketua BUMDes'],
    issue: ['pengelolaan dana desa', 'penyaluran BLT dana desa', 'keuangan BUMDes'],
    subjects: [
      'Penggunaan dana desa {desa} tahun {tahun} tidak transparan',
      'Kepala desa {desa} diduga menyalahgunakan anggaran BUMDes',
      'BLT dana desa tidak tepat sasaran di Desa {desa}',
      'Papan informasi APBDes tidak pernah dipasang di Desa {desa}',
    ],
    sentences: [
      'Sejak awal tahun {tahun}, pemerintah desa tidak pernah memasang papan informasi APBDes sebagaimana diwajibkan.',
      'Pembangunan {proyek} yang tercantum dalam laporan realisasi ternyata tidak pernah dikerjakan di lapangan.',
      'Kepala desa menolak memperlihatkan dokumen rencana anggaran ketika ditanya oleh anggota BPD.',
      'Penerima BLT dana desa sebagian besar kerabat perangkat desa, sementara keluarga miskin tidak terdata.',
      'Modal BUMDes sebesar Rp {juta} juta tidak jelas penggunaannya dan unit usahanya sudah tidak beroperasi.',
      'Musyawarah desa hanya dihadiri perangkat desa dan beberapa orang dekat kepala desa.',
    ],
  },
  {
    weight: 10,
    category: 'Kesehatan',
    agencies: ['DINKES', 'RSUD'],
    positions: ['Kepala Puskesmas', 'Petugas Pendaftaran', 'Direktur RSUD', 'Bidan Desa'],
    issue: ['pelayanan kesehatan di puskesmas', 'pelayanan pasien peserta BPJS'],
    subjects: [
      'Pelayanan Puskesmas {kec} lambat dan petugas tidak ramah',
      'Pasien peserta BPJS diminta membayar obat di RSUD',
      'Obat di Puskesmas {kec} sering kosong',
      'Ambulans desa {desa} tidak bisa digunakan saat darurat',
    ],
    sentences: [
      'Kami datang sejak pukul tujuh pagi namun baru dilayani menjelang siang karena dokter belum hadir.',
      'Petugas pendaftaran berbicara dengan nada kasar kepada pasien lanjut usia.',
      'Meskipun terdaftar sebagai peserta BPJS Kesehatan, keluarga pasien diminta membeli obat di apotek luar seharga Rp {ribu}.000.',
      'Obat untuk penyakit kronis seperti hipertensi dan diabetes sering tidak tersedia selama {durasi}.',
      'Ruang tunggu sempit, kipas angin rusak, dan toilet tidak berfungsi.',
      'Ibu hamil di Dusun {dusun} harus ditandu ke jalan raya karena ambulans tidak bisa dihubungi.',
    ],
  },
  {
    weight: 11,
    category: 'Bantuan Sosial',
    agencies: ['DINSOS', 'PEMDES'],
    positions: ['Pendamping PKH', 'Operator Desa', 'Ketua Kelompok', 'Kepala Bidang Linjamsos'],
    issue: ['penyaluran bantuan sosial', 'data penerima bantuan sosial'],
    subjects: [
      'Bantuan sosial PKH dipotong pendamping di Desa {desa}',
      'Keluarga miskin di Dusun {dusun} tidak menerima bantuan sosial',
      'Penyaluran BPNT di {desa} tidak sesuai jumlah yang ditetapkan',
      'Data penerima bantuan sosial di Kecamatan {kec} tidak diperbarui',
    ],
    sentences: [
      'Setiap pencairan, penerima diminta menyerahkan Rp {ribu}.000 kepada oknum pendamping dengan alasan uang administrasi.',
      'Beberapa penerima bantuan memiliki rumah permanen dan kendaraan, sedangkan janda lansia di lingkungan kami tidak pernah terdaftar.',
      'Kartu ATM penerima dikumpulkan oleh ketua kelompok dan baru dikembalikan setelah dana ditarik.',
      'Paket sembako yang diterima hanya berisi beras {kg} kilogram dan telur, tidak sesuai nilai bantuan.',
      'Usulan pemutakhiran DTKS sudah kami sampaikan melalui operator desa tetapi tidak ada perubahan.',
    ],
  },
  {
    weight: 6,
    category: 'Perizinan',
    agencies: ['DPMPTSP'],
    positions: ['Petugas Front Office', 'Kepala Bidang Perizinan'],
    issue: ['pelayanan perizinan', 'penerbitan persetujuan bangunan gedung'],
    subjects: [
      'Pengurusan izin usaha mikro di DPMPTSP berbelit-belit',
      'Persetujuan bangunan gedung tertahan lebih dari {durasi}',
      'Dugaan permintaan uang pelicin dalam penerbitan izin',
    ],
    sentences: [
      'Permohonan persetujuan bangunan gedung kami ajukan secara daring namun statusnya tidak berubah selama {durasi}.',
      'Petugas menyarankan agar kami memakai jasa konsultan tertentu supaya proses lebih cepat.',
      'Kami diminta melengkapi persyaratan yang tidak tercantum dalam standar pelayanan.',
      'Ada oknum yang meminta uang pelicin sebesar Rp {juta} juta agar izin segera terbit.',
    ],
  },
  {
    weight: 11,
    category: 'Pendidikan',
    agencies: ['DISDIK'],
    positions: ['Kepala Sekolah', 'Bendahara BOS', 'Panitia PPDB', 'Pengawas Sekolah'],
    issue: ['pungutan di sekolah', 'penerimaan peserta didik baru', 'pengelolaan dana BOS'],
    subjects: [
      'Pungutan uang seragam dan buku di {sekolah}',
      'Penerimaan peserta didik baru di {sekolah} tidak transparan',
      'Dana BOS {sekolah} diduga diselewengkan',
      'Honor guru di {sekolah} belum dibayar {durasi}',
    ],
    sentences: [
      'Pihak sekolah mewajibkan orang tua membayar Rp {ribu}.000 untuk seragam, buku, dan kegiatan tanpa rincian yang jelas.',
      'Siswa yang belum membayar tidak diberikan kartu ujian.',
      'Dalam seleksi zonasi, calon siswa yang rumahnya jauh justru diterima sementara anak di sekitar sekolah ditolak.',
      'Laporan penggunaan dana BOS tidak pernah diumumkan kepada komite sekolah dan orang tua murid.',
      'Guru honorer menerima honor hanya Rp {ribu}.000 per bulan dan itu pun sering terlambat.',
      'Ruang kelas rusak dan atapnya bocor sehingga kegiatan belajar dipindahkan ke mushola.',
    ],
  },
  {
    weight: 7,
    category: 'Kepegawaian',
    agencies: ['BKPSDM', 'INSPEKTORAT', 'KECAMATAN'],
    positions: ['Kepala Seksi', 'Staf Pelaksana', 'Panitia Seleksi'],
    issue: ['disiplin aparatur sipil negara', 'netralitas ASN', 'seleksi PPPK'],
    subjects: [
      'ASN di Kantor Kecamatan {kec} sering tidak masuk kerja',
      'Dugaan pelanggaran netralitas ASN menjelang pilkada',
      'Seleksi PPPK di pemerintah daerah diduga tidak jujur',
    ],
    sentences: [
      'Seorang aparatur sipil negara di kantor tersebut hanya datang untuk mengisi daftar hadir lalu pergi.',
      'Oknum ASN terlihat aktif mengunggah dukungan kepada salah satu pasangan calon di media sosial.',
      'Beberapa peserta seleksi yang lulus diketahui memiliki hubungan keluarga dengan pejabat panitia.',
      'Pada jam kerja pegawai sering ditemukan berada di warung kopi depan kantor.',
    ],
  },
  {
    weight: 8,
    category: 'Lingkungan Hidup',
    agencies: ['DLH', 'BPBD'],
    positions: ['Kepala Bidang Persampahan', 'Kepala Pelaksana BPBD', 'Pengawas Lingkungan'],
    issue: ['pencemaran lingkungan', 'penanganan sampah', 'penanganan korban banjir'],
    subjects: [
      'Sampah menumpuk di tepi jalan Desa {desa} tidak diangkut',
      'Limbah pabrik mencemari sungai di Kecamatan {kec}',
      'Bantuan korban banjir di Desa {desa} belum tersalurkan',
      'Tanggul sungai di Dusun {dusun} jebol dan belum diperbaiki',
    ],
    sentences: [
      'Tumpukan sampah menimbulkan bau menyengat dan menjadi sarang lalat serta tikus.',
      'Air sungai berubah warna menjadi hitam dan berbau setiap malam, diduga karena pembuangan limbah pabrik.',
      'Ikan di kolam milik penduduk mati setelah air sungai tercemar.',
      'Bantuan logistik untuk korban banjir disimpan di gudang desa dan tidak dibagikan selama {durasi}.',
      'Tanggul yang jebol pada musim hujan lalu hanya ditambal dengan karung pasir.',
    ],
  },
  {
    weight: 4,
    category: 'Ketertiban Umum',
    agencies: ['DISHUB', 'SATPOLPP'],
    positions: ['Juru Parkir', 'Kepala Regu', 'Kepala Bidang Lalu Lintas'],
    issue: ['parkir liar', 'penertiban pedagang kaki lima', 'rambu lalu lintas'],
    subjects: [
      'Pungutan parkir liar di Pasar {kec}',
      'Penertiban pedagang kaki lima dilakukan dengan kasar',
      'Rambu lalu lintas di simpang {desa} hilang',
    ],
    sentences: [
      'Juru parkir tanpa karcis resmi menarik tarif Rp {ribu}.000 untuk kendaraan roda dua.',
      'Petugas penertiban merusak gerobak pedagang dan menyita barang dagangan tanpa berita acara.',
      'Rambu dan marka di persimpangan tersebut sudah lama hilang sehingga sering terjadi kecelakaan.',
    ],
  },
  {
    weight: 3,
    category: 'Pertanian',
    agencies: ['DISTAN'],
    positions: ['Penyuluh Pertanian', 'Ketua Kelompok Tani'],
    issue: ['distribusi pupuk bersubsidi', 'bantuan alat mesin pertanian'],
    subjects: [
      'Pupuk bersubsidi langka di Kecamatan {kec}',
      'Bantuan traktor hanya diberikan kepada kelompok tertentu',
    ],
    sentences: [
      'Kios pengecer menjual pupuk bersubsidi di atas harga eceran tertinggi, yaitu Rp {ribu}.000 per sak.',
      'Petani yang tidak terdaftar dalam kelompok tani tidak bisa membeli pupuk meskipun memiliki lahan.',
      'Traktor bantuan pemerintah justru disewakan oleh ketua kelompok kepada petani lain.',
    ],
  },
  {
    weight: 3,
    category: 'Ketenagakerjaan',
    agencies: ['DISNAKER'],
    positions: ['Pengawas Ketenagakerjaan', 'Manajer Personalia'],
    issue: ['pembayaran upah pekerja', 'pemutusan hubungan kerja'],
    subjects: [
      'Perusahaan di Kecamatan {kec} membayar upah di bawah UMK',
      'Pekerja diberhentikan tanpa pesangon',
    ],
    sentences: [
      'Karyawan bekerja lebih dari sepuluh jam sehari tanpa upah lembur.',
      'Perusahaan tidak mendaftarkan pekerjanya sebagai peserta BPJS Ketenagakerjaan.',
      'Upah yang diterima hanya Rp {juta} juta per bulan, jauh di bawah upah minimum kabupaten.',
    ],
  },
]
export const TOPIC_WEIGHTS = TOPICS.map((t) => [t, t.weight] as const)
