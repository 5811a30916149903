package se.indikatorvakt.proof;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import se.indikatorvakt.config.DatabaseUrl;

/** Reads the service's tables over JDBC from the test thread, to check what was really committed. */
public final class ProofDb {
  private final DatabaseUrl url;

  public ProofDb(DatabaseUrl url) {
    this.url = url;
  }

  public long count(String sql, Object... args) {
    List<Map<String, Object>> rows = rows(sql, args);
    return ((Number) rows.get(0).values().iterator().next()).longValue();
  }

  public List<Map<String, Object>> rows(String sql, Object... args) {
    try (Connection connection = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        statement.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = statement.executeQuery()) {
        List<Map<String, Object>> rows = new ArrayList<>();
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int c = 1; c <= columns; c++) {
            row.put(rs.getMetaData().getColumnLabel(c), rs.getObject(c));
          }
          rows.add(row);
        }
        return rows;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(sql + " failed: " + e.getMessage(), e);
    }
  }

  public void execute(String sql, Object... args) {
    try (Connection connection = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        statement.setObject(i + 1, args[i]);
      }
      statement.execute();
    } catch (SQLException e) {
      throw new IllegalStateException(sql + " failed: " + e.getMessage(), e);
    }
  }
}
